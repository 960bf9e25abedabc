#pragma once

#include <QLabel>

namespace nsviz {

// One line of plain text that never asks for more room than it is given: too long, it is elided (the full
// text is its tooltip), so a long command, host name or status does not widen its dock or the window.
class ElidedLabel final : public QLabel
{
    Q_OBJECT
public:
    explicit ElidedLabel(QWidget *parent = nullptr);
    ~ElidedLabel() override;

    void setFullText(const QString &text);
    QString fullText() const { return m_full; }
    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void elide();

    QString m_full;
};

} // namespace nsviz
