#pragma once

// The targets a file writer meets in the wild — a link planted where the export goes, a dangling link, a FIFO, a
// device, a folder, a read-only file — made in a folder of the test's own, and the check that a writer touched
// nothing but the one file it may replace. Every writer (io::SafeFile, each export format, saved snapshots,
// `nsviz export`) runs through the same table (tst_safefile, tst_filesafety).
//
// The device is a character device node of our own (1:3, what /dev/null is) in that folder: a writer that wrongly
// opened it would write into nothing, one that wrongly replaced it would replace our node, never /dev/null.

#include <QByteArray>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QMap>
#include <QString>
#include <QTemporaryDir>
#include <QTest>

#include "io/errnotext.h"

#include <cerrno>
#include <cstring>

#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

namespace nsviz::testing {

struct HostileTarget
{
    const char *name;     // the entry in the folder the writer is pointed at
    bool replaceable;     // a regular file the user may write, or nothing: the writer must succeed
    const char *refusal;  // for the others: a word the message must hold
    bool needsRoot;       // mknod
};

inline constexpr HostileTarget hostileTargets[] = {
    {"existing", true, nullptr, false},  // regular, 0640: replaced, keeps its mode
    {"absent", true, nullptr, false},    // created
    {"link", false, "symbolic link", false},     // -> victim
    {"dangling", false, "symbolic link", false}, // -> missing (must not be created)
    {"fifo", false, "FIFO", false},
    {"device", false, "device", true},
    {"folder", false, "folder", false},
    {"readonly", false, "read-only", false},    // 0444: refused even for root
};

inline QByteArray fileContents(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// What one entry of a folder is, to tell whether anything changed it.
struct EntryState
{
    mode_t mode = 0;
    ino_t ino = 0;
    off_t size = 0;
    QByteArray link;    // a symlink's target
    QByteArray content; // a regular file's, hashed

    friend bool operator==(const EntryState &, const EntryState &) = default;
};

// Every entry below dir (recursively), by its path relative to dir.
inline QMap<QString, EntryState> folderState(const QString &dir)
{
    QMap<QString, EntryState> out;
    QList<QString> pending{QString()};
    while (!pending.isEmpty()) {
        const QString rel = pending.takeLast();
        const QByteArray path = QFile::encodeName(dir + QLatin1Char('/') + rel);
        DIR *d = ::opendir(path.constData());
        if (!d)
            continue;
        while (const dirent *e = ::readdir(d)) {
            if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0)
                continue;
            const QString name = rel.isEmpty() ? QFile::decodeName(e->d_name) : rel + QLatin1Char('/') + QFile::decodeName(e->d_name);
            const QByteArray full = QFile::encodeName(dir + QLatin1Char('/') + name);
            struct stat st;
            if (::lstat(full.constData(), &st) != 0)
                continue;
            EntryState s;
            s.mode = st.st_mode;
            s.ino = st.st_ino;
            s.size = S_ISREG(st.st_mode) ? st.st_size : 0;
            if (S_ISLNK(st.st_mode)) {
                char buf[4096];
                const ssize_t n = ::readlink(full.constData(), buf, sizeof buf);
                s.link = QByteArray(buf, n > 0 ? n : 0);
            } else if (S_ISREG(st.st_mode)) {
                QFile f(QFile::decodeName(full));
                if (f.open(QIODevice::ReadOnly))
                    s.content = QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
            } else if (S_ISDIR(st.st_mode)) {
                pending.append(name);
            }
            out.insert(name, s);
        }
        ::closedir(d);
    }
    return out;
}

// A folder holding one of each hostile target, and a FIFO reader that keeps a wrong writer from blocking.
class TargetFolder
{
public:
    TargetFolder()
    {
        QVERIFY(m_dir.isValid());
        auto file = [&](const char *name, const QByteArray &content, mode_t mode) {
            QFile f(path(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(content);
            f.close();
            QVERIFY(::chmod(QFile::encodeName(path(name)).constData(), mode) == 0);
        };
        file("victim", "the file a planted link points to\n", 0600);
        file("existing", "the old contents\n", 0640);
        file("readonly", "read-only contents\n", 0444);
        QVERIFY(QFile::link(QStringLiteral("victim"), path("link")));
        QVERIFY(QFile::link(QStringLiteral("missing"), path("dangling")));
        QVERIFY(::mkfifo(QFile::encodeName(path("fifo")).constData(), 0644) == 0);
        // Read end open: a writer that wrongly opens the FIFO does not block the test, and what it wrote shows.
        m_fifoReader = ::open(QFile::encodeName(path("fifo")).constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        QVERIFY(m_fifoReader >= 0);
        QVERIFY(QDir(m_dir.path()).mkdir(QStringLiteral("folder")));
        file("folder/inside", "a file in the folder\n", 0644);
        m_hasDevice = ::mknod(QFile::encodeName(path("device")).constData(), S_IFCHR | 0666, makedev(1, 3)) == 0;
    }
    ~TargetFolder()
    {
        if (m_fifoReader >= 0)
            ::close(m_fifoReader);
    }
    TargetFolder(const TargetFolder &) = delete;
    TargetFolder &operator=(const TargetFolder &) = delete;

    QString dir() const { return m_dir.path(); }
    QString path(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }
    bool hasDevice() const { return m_hasDevice; }

    // What a wrong writer sent into the FIFO (nothing, when all is well).
    QByteArray fifoContents() const
    {
        QByteArray out;
        char buf[4096];
        ssize_t n;
        while ((n = ::read(m_fifoReader, buf, sizeof buf)) > 0)
            out.append(buf, n);
        return out;
    }

private:
    QTemporaryDir m_dir;
    int m_fifoReader = -1;
    bool m_hasDevice = false;
};

// Compares two folder states, naming what differs, except for one entry that the writer was allowed to change.
inline QString folderDifference(const QMap<QString, EntryState> &before, const QMap<QString, EntryState> &after,
                                const QString &allowed = {})
{
    QStringList diff;
    for (auto it = before.cbegin(); it != before.cend(); ++it) {
        if (it.key() == allowed)
            continue;
        if (!after.contains(it.key()))
            diff << QStringLiteral("%1 is gone").arg(it.key());
        else if (!(after.value(it.key()) == *it))
            diff << QStringLiteral("%1 changed").arg(it.key());
    }
    for (auto it = after.cbegin(); it != after.cend(); ++it) {
        if (it.key() != allowed && !before.contains(it.key()))
            diff << QStringLiteral("%1 appeared").arg(it.key());
    }
    return diff.join(QStringLiteral(", "));
}

// Fails the test, naming what changed, unless the folder is as `before` but for the one entry a writer may replace.
#define NSVIZ_VERIFY_FOLDER(before, dir, ...)                                                                          \
    do {                                                                                                              \
        const QString nsvizDiff = nsviz::testing::folderDifference(before, nsviz::testing::folderState(dir), ##__VA_ARGS__); \
        QVERIFY2(nsvizDiff.isEmpty(), qPrintable(nsvizDiff));                                                         \
    } while (false)

// Whether main() moved this process into a mount namespace of its own (enterPrivateMountNamespace).
inline bool &privateMounts()
{
    static bool entered = false;
    return entered;
}

// Root only, and in main() before any thread starts (unshare(CLONE_NEWNS) needs a single-threaded process): the
// tmpfs a test mounts is then this process's alone, never in the host's mount table, and gone when it ends. Inside
// a container without CAP_SYS_ADMIN this fails, and the tests that need it skip.
inline void enterPrivateMountNamespace()
{
    privateMounts() = ::geteuid() == 0 && ::unshare(CLONE_NEWNS) == 0
        && ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0;
}

// A tmpfs of `bytes` on a temporary folder, in this process's own mount namespace: gone with the process, whatever
// happens, and never in the host's mount table.
class SmallDisk
{
public:
    explicit SmallDisk(qint64 bytes)
    {
        if (!privateMounts()) {
            m_skip = QStringLiteral("needs root and a mount namespace of its own to mount a small tmpfs");
            return;
        }
        const QByteArray options = "size=" + QByteArray::number(bytes) + ",mode=0755";
        if (::mount("tmpfs", QFile::encodeName(m_dir.path()).constData(), "tmpfs", MS_NOSUID | MS_NODEV, options.constData()) != 0)
            m_skip = QStringLiteral("mounting a tmpfs failed: ") + io::errnoText(errno);
        else
            m_mounted = true;
    }
    ~SmallDisk()
    {
        if (m_mounted)
            ::umount2(QFile::encodeName(m_dir.path()).constData(), MNT_DETACH);
    }
    QString skip() const { return m_skip; }
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QString dir() const { return m_dir.path(); }

    // Fills the disk up to `leave` bytes (a page or so: tmpfs counts pages).
    bool fill(qint64 leave)
    {
        const int fd = ::open(QFile::encodeName(path(QStringLiteral("filler"))).constData(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0)
            return false;
        const QByteArray block(4096, 'f');
        qint64 written = 0;
        while (::write(fd, block.constData(), std::size_t(block.size())) == block.size())
            written += block.size();
        const bool ok = errno == ENOSPC && ::ftruncate(fd, std::max<qint64>(0, written - leave)) == 0;
        ::close(fd);
        return ok;
    }

private:
    QTemporaryDir m_dir;
    QString m_skip;
    bool m_mounted = false;
};

} // namespace nsviz::testing
