#pragma once

// A sequence of snapshots of the fixture tree with processes appearing, exiting and changing namespaces, as
// the item model tests feed them to the models.

#include "fixtures.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <functional>
#include <memory>

namespace nsviz::fixtures {

class SnapshotSequence
{
public:
    SnapshotSequence()
    {
        ScanOptions o;
        o.procRoot = m_dir.path();
        o.relationLookup = basicRelations();
        m_ok = m_dir.isValid() && copyTree(procBasic(), m_dir.path());
        m_scanner = std::make_unique<ProcScanner>(o);
    }
    bool isValid() const { return m_ok; }
    SnapshotPtr scan() { return m_scanner->scan(); }

    // Each step changes the tree, then a full scan shows it.
    static int stepCount() { return 4; }
    SnapshotPtr step(int i)
    {
        switch (i) {
        case 0: // a process joins the container's net namespace, another leaves the host for it
            relink(100, "net", basic::dockerNet);
            break;
        case 1: // a new process in the pod, and the fd holder exits (its namespace goes with it)
            cloneProcess(300, 1300);
            QDir(path(QStringLiteral("800"))).removeRecursively();
            break;
        case 2: // the container exits entirely
            QDir(path(QStringLiteral("200"))).removeRecursively();
            QDir(path(QStringLiteral("201"))).removeRecursively();
            break;
        case 3: // back to the host, and a new process under the rootless user namespace
            relink(100, "net", basic::hostNet);
            cloneProcess(900, 1900);
            break;
        }
        return scan();
    }

private:
    QString path(const QString &rel) const { return m_dir.path() + QLatin1Char('/') + rel; }
    void relink(int pid, const char *type, NamespaceId id)
    {
        const QString link = path(QStringLiteral("%1/ns/%2").arg(pid).arg(QLatin1String(type)));
        QFile::remove(link);
        QFile::link(QStringLiteral("%1:[%2]").arg(QLatin1String(type)).arg(id), link);
    }
    void cloneProcess(int from, int to)
    {
        QDir().mkpath(path(QString::number(to)));
        copyTree(path(QString::number(from)), path(QString::number(to)));
        QFile stat(path(QStringLiteral("%1/stat").arg(to)));
        if (!stat.open(QIODevice::ReadWrite))
            return;
        QByteArray text = stat.readAll();
        text.replace(0, text.indexOf(' '), QByteArray::number(to));
        stat.resize(0);
        stat.seek(0);
        stat.write(text);
    }

    QTemporaryDir m_dir;
    bool m_ok = false;
    std::unique_ptr<ProcScanner> m_scanner;
};

} // namespace nsviz::fixtures
