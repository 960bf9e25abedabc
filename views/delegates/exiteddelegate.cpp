#include "exiteddelegate.h"

namespace nsviz {

ExitedDelegate::ExitedDelegate(int exitedRole, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_exitedRole(exitedRole)
{
}

ExitedDelegate::~ExitedDelegate() = default;

void ExitedDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (index.data(m_exitedRole).toBool()) {
        option->palette.setColor(QPalette::Text, option->palette.color(QPalette::Disabled, QPalette::Text));
        option->font.setStrikeOut(true);
    }
}

} // namespace nsviz
