#pragma once

// An inline message under a form field or button: what is wrong and how to fix it, or nothing (then it takes no
// room). Selectable, so a teacher can copy a suggested command.

#include <QLabel>

namespace nsviz {

class FieldMessage : public QLabel
{
    Q_OBJECT
public:
    enum class Kind { Error, Info };

    explicit FieldMessage(QWidget *parent = nullptr);
    ~FieldMessage() override;

    void showMessage(const QString &text, Kind kind = Kind::Error);
    void clearMessage();
    bool hasMessage() const { return !text().isEmpty(); }
    QString message() const { return QString(text()).remove(QChar(0x200B)); } // as given
    bool isError() const { return hasMessage() && m_kind == Kind::Error; }

private:
    Kind m_kind = Kind::Error;
};

} // namespace nsviz
