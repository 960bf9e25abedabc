#pragma once

#include "exiteddelegate.h"

namespace nsviz {

// Colours the process table: each namespace cell by whether it is the host's (initial), shared with other
// namespace sets, private to one, or could not be read (unknown); rows of exited processes greyed and struck through. Colours are blended
// into the palette's base colour, so they follow light and dark themes.
class SharingDelegate final : public ExitedDelegate
{
    Q_OBJECT
public:
    explicit SharingDelegate(QObject *parent = nullptr);
    ~SharingDelegate() override;

    static QColor colorFor(int sharing, const QPalette &palette);
    // What each colour means, in the order a legend lists them: (Sharing as int, label).
    static QList<std::pair<int, QString>> legend();

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const final;
};

} // namespace nsviz
