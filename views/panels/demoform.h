#pragma once

// The "custom" half of the demo panel: one ContainerSpec as a form. A checkbox per namespace type with a line on
// what it isolates, a hostname, a command edited as a command line but shown and kept as an argv list (never a shell
// string), the root filesystem and the network. Whatever keeps the spec from starting is shown next to the field it
// is about, saying how to fix it.

#include "containers/containerspec.h"
#include "snapshot/namespacetype.h"

#include <QHash>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <array>
#include <functional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace nsviz {

class FieldMessage;

class DemoForm : public QWidget
{
    Q_OBJECT
public:
    enum class Field { Name, Namespaces, Hostname, Command, RootFs, Network, General };
    // What keeps a spec from starting (ContainerSpec::validate() by default; the panel sets DemoRuntime::check()).
    using Checker = std::function<QStringList(const ContainerSpec &)>;

    explicit DemoForm(QWidget *parent = nullptr);
    ~DemoForm() override;

    void setChecker(Checker checker);
    // Running as root: the veth network is offered; otherwise it is explained why not.
    void setPrivileged(bool privileged);

    ContainerSpec spec() const;
    // Runs the checker and shows each problem next to its field; true when there is none.
    bool validate();
    // A problem that came from starting (the runtime's error), shown under the Start button.
    void showStartError(const QString &message);
    void showStartInfo(const QString &message);
    // A start is under way: the Start button stays off until it has been answered.
    void setBusy(bool busy);
    QString problem(Field field) const; // as shown, empty when none (tests)

    // For tests and for a lead who wants to prefill the form.
    void setNamespaceChecked(NamespaceType type, bool checked);
    void setHostname(const QString &hostname);
    void setCommandLine(const QString &commandLine);
    void setName(const QString &name);
    void setRootFs(ContainerSpec::RootFs rootFs);

    // One line on what a namespace type isolates, as shown next to its checkbox.
    static QString explanation(NamespaceType type);

Q_SIGNALS:
    void startRequested();

private:
    FieldMessage *message(Field field) const;

    Checker m_checker;
    bool m_privileged = false;
    bool m_busy = false;
    bool m_valid = false; // the last validate() found nothing wrong
    QLineEdit *m_name;
    std::array<QCheckBox *, NamespaceTypeCount> m_types{};
    QLineEdit *m_hostname;
    QLineEdit *m_command;
    QLabel *m_argv;
    QComboBox *m_rootFs;
    QComboBox *m_network;
    QPushButton *m_start;
    QHash<Field, FieldMessage *> m_messages;
};

} // namespace nsviz
