#include "sharinglegend.h"

#include "delegates/sharingdelegate.h"
#include "widgets/flowlayout.h"

#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>

namespace nsviz {

SharingLegend::SharingLegend(QWidget *parent)
    : QWidget(parent)
    , m_layout(new FlowLayout(this, 12))
{
    setObjectName(QStringLiteral("sharingLegend"));
    m_layout->setContentsMargins(4, 3, 4, 3);
    for (const auto &[sharing, text] : SharingDelegate::legend()) {
        auto *chip = new QWidget(this);
        auto *row = new QHBoxLayout(chip);
        row->setContentsMargins(0, 0, 0, 0);
        row->setSpacing(4);
        auto *swatch = new QFrame(chip); // framed: the host's colour is the table's own background
        const int side = fontMetrics().height() - 2;
        swatch->setFixedSize(side + 6, side);
        swatch->setAutoFillBackground(true);
        swatch->setFrameShape(QFrame::Box);
        swatch->setForegroundRole(QPalette::Mid);
        auto *label = new QLabel(text, chip);
        label->setObjectName(QStringLiteral("legendLabel"));
        row->addWidget(swatch);
        row->addWidget(label);
        m_layout->addWidget(chip);
        m_swatches.append({sharing, swatch});
    }
    paintSwatches();
}

SharingLegend::~SharingLegend() = default;

void SharingLegend::addWidget(QWidget *widget)
{
    m_layout->addWidget(widget);
}

QStringList SharingLegend::labels() const
{
    QStringList out;
    for (const QLabel *l : findChildren<QLabel *>(QStringLiteral("legendLabel")))
        out.append(l->text());
    return out;
}

void SharingLegend::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        paintSwatches();
    QWidget::changeEvent(event);
}

void SharingLegend::paintSwatches()
{
    // The very colours the table's cells are painted with, from the same palette.
    for (const auto &[sharing, swatch] : std::as_const(m_swatches)) {
        QPalette p = swatch->palette();
        p.setColor(QPalette::Window, SharingDelegate::colorFor(sharing, palette()));
        swatch->setPalette(p);
    }
}

} // namespace nsviz
