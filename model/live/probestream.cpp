#include "probestream.h"

#include "snapshot/snapshotjson.h"

namespace nsviz {

ProbeStream::ProbeStream(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<nsviz::SnapshotPtr>();
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    connect(&m_process, &QProcess::readyReadStandardOutput, this, &ProbeStream::readLines);
    connect(&m_process, &QProcess::readyReadStandardError, this, [this] {
        m_stderr += m_process.readAllStandardError();
        if (m_stderr.size() > 64 * 1024)
            m_stderr = m_stderr.right(64 * 1024);
    });
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            Q_EMIT finished(-1, tr("could not start %1: %2").arg(m_process.program(), m_process.errorString()));
    });
    connect(&m_process, &QProcess::finished, this, [this](int exitCode, QProcess::ExitStatus status) {
        readLines();
        QString message = QString::fromLocal8Bit(m_stderr).trimmed();
        // pkexec: 126 = the user dismissed the authentication dialog, 127 = not authorised.
        if (m_process.program().endsWith(QLatin1String("pkexec")) && (exitCode == 126 || exitCode == 127) && message.isEmpty())
            message = exitCode == 126 ? tr("authentication was dismissed") : tr("not authorised");
        if (status == QProcess::CrashExit && message.isEmpty())
            message = tr("the probe crashed");
        Q_EMIT finished(status == QProcess::NormalExit ? exitCode : -1, message);
    });
}

ProbeStream::~ProbeStream()
{
    stop();
}

void ProbeStream::start(const QString &program, const QStringList &arguments)
{
    stop();
    m_pending.clear();
    m_stderr.clear();
    m_process.start(program, arguments, QIODevice::ReadWrite);
}

void ProbeStream::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.closeWriteChannel(); // the probe ends when its stdin closes
    if (!m_process.waitForFinished(3000)) {
        m_process.terminate();
        if (!m_process.waitForFinished(2000))
            m_process.kill();
        m_process.waitForFinished(1000);
    }
}

void ProbeStream::readLines()
{
    m_pending += m_process.readAllStandardOutput();
    qsizetype start = 0;
    while (true) {
        // Search only what has not been searched yet: a long line arriving in small pieces stays linear.
        const qsizetype end = m_pending.indexOf('\n', std::max(start, m_scanned));
        if (end < 0)
            break;
        const QByteArrayView line = QByteArrayView(m_pending).sliced(start, end - start);
        start = end + 1;
        m_scanned = 0;
        if (m_discarding) {
            m_discarding = false; // the end of an over-long line: skip it, the next one starts clean
            continue;
        }
        if (line.trimmed().isEmpty())
            continue;
        QString error;
        if (SnapshotPtr s = readSnapshotJson(line, &error)) {
            m_latest = s;
            Q_EMIT snapshotReady(s);
        } else {
            Q_EMIT problem(tr("the probe sent something that is not a snapshot: %1").arg(error));
        }
    }
    m_pending.remove(0, start);
    m_scanned = m_pending.size();
    if (m_pending.size() > MaxLine) {
        m_pending.clear();
        m_scanned = 0;
        if (!m_discarding)
            Q_EMIT problem(tr("the probe sent a line longer than %1 MiB; dropped").arg(MaxLine >> 20));
        m_discarding = true;
    }
}

} // namespace nsviz
