#pragma once

#include <QWidget>

namespace nsviz {

class FlowLayout;

// What the colours of the process table mean, as a line of swatches under it (wrapping in a narrow pane), with
// room after them for the table's own controls.
class SharingLegend final : public QWidget
{
    Q_OBJECT
public:
    explicit SharingLegend(QWidget *parent = nullptr);
    ~SharingLegend() override;

    void addWidget(QWidget *widget);
    QStringList labels() const; // as shown, for tests

protected:
    void changeEvent(QEvent *event) override;

private:
    void paintSwatches();

    FlowLayout *m_layout;
    QList<std::pair<int, QWidget *>> m_swatches;
};

} // namespace nsviz
