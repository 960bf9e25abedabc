#include "fieldmessage.h"

#include "itemmodels/displaytext.h"

#include <QPalette>

namespace nsviz {

FieldMessage::FieldMessage(QWidget *parent)
    : QLabel(parent)
{
    setTextFormat(Qt::PlainText);
    setWordWrap(true);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    setVisible(false);
}

FieldMessage::~FieldMessage() = default;

void FieldMessage::showMessage(const QString &text, Kind kind)
{
    if (text.isEmpty()) {
        clearMessage();
        return;
    }
    m_kind = kind;
    QPalette p = palette();
    // A dark red reads as "error" on light and dark themes alike without shouting; info keeps the theme's colour.
    p.setColor(QPalette::WindowText, kind == Kind::Error ? QColor(0xb0, 0x1c, 0x1c) : QPalette().color(QPalette::WindowText));
    setPalette(p);
    // Word-wrapped, but a path or a name of hundreds of characters is one word: it may break too, or the label
    // would be as wide as it (and the form with it).
    setText(text::breakable(text));
    setVisible(true);
}

void FieldMessage::clearMessage()
{
    clear();
    setVisible(false);
}

} // namespace nsviz
