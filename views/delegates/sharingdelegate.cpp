#include "sharingdelegate.h"

#include "itemmodels/processtablemodel.h"

#include <QPalette>

namespace nsviz {

namespace {

QColor blend(const QColor &a, const QColor &b, qreal t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t), float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

} // namespace

SharingDelegate::SharingDelegate(QObject *parent)
    : ExitedDelegate(ProcessTableModel::ExitedRole, parent)
{
}

SharingDelegate::~SharingDelegate() = default;

QColor SharingDelegate::colorFor(int sharing, const QPalette &palette)
{
    const QColor base = palette.color(QPalette::Base);
    const bool dark = base.lightnessF() < 0.5;
    switch (ProcessTableModel::Sharing(sharing)) {
    case ProcessTableModel::Sharing::Initial: return base;
    case ProcessTableModel::Sharing::Shared: return blend(base, QColor(0xe0, 0x9a, 0x1a), dark ? 0.45 : 0.35);
    case ProcessTableModel::Sharing::Private: return blend(base, QColor(0x1a, 0x9a, 0x8a), dark ? 0.45 : 0.30);
    // Not the colour of any answer: a link that could not be read says nothing about sharing.
    case ProcessTableModel::Sharing::Unknown: return blend(base, palette.color(QPalette::Text), dark ? 0.22 : 0.16);
    }
    return base;
}

QList<std::pair<int, QString>> SharingDelegate::legend()
{
    return {{int(ProcessTableModel::Sharing::Initial), tr("the host's own")},
            {int(ProcessTableModel::Sharing::Shared), tr("shared with other containers")},
            {int(ProcessTableModel::Sharing::Private), tr("private to its container")},
            {int(ProcessTableModel::Sharing::Unknown), tr("? could not be read")}};
}

void SharingDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    ExitedDelegate::initStyleOption(option, index);
    if (ProcessTableModel::columnType(index.column())) {
        const int sharing = index.data(ProcessTableModel::SharingRole).toInt();
        option->backgroundBrush = colorFor(sharing, option->palette);
        if (sharing == int(ProcessTableModel::Sharing::Unknown))
            option->font.setItalic(true);
    }
}

} // namespace nsviz
