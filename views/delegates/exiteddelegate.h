#pragma once

#include <QStyledItemDelegate>

namespace nsviz {

// Greys and strikes through the rows of processes that have exited (shown one more refresh before they go).
// The model says which rows those are through `exitedRole`.
class ExitedDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit ExitedDelegate(int exitedRole, QObject *parent = nullptr);
    ~ExitedDelegate() override;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    int m_exitedRole;
};

} // namespace nsviz
