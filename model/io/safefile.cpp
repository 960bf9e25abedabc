#include "safefile.h"

#include "errnotext.h"
#include "escape.h"

#include <QFile>
#include <QRandomGenerator>

#include <cerrno>
#include <cstdio>
#include <ctime>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace nsviz::io {

// Writes straight to the file descriptor, so that the first failing write() is the one reported, with its errno:
// QFileDevice buffers and reports "Unknown error" for a disk that filled up.
class SafeFile::Device : public QIODevice
{
public:
    Device(SafeFile *owner, int fd, bool sequential)
        : m_owner(owner)
        , m_fd(fd)
        , m_sequential(sequential)
    {
    }
    bool isSequential() const override { return m_sequential; }
    bool seek(qint64 pos) override
    {
        if (m_sequential || m_errno)
            return false;
        if (::lseek(m_fd, pos, SEEK_SET) < 0) {
            failed(errno);
            return false;
        }
        return QIODevice::seek(pos);
    }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *data, qint64 len) override
    {
        if (m_errno)
            return -1;
        qint64 done = 0;
        while (done < len) {
            const ssize_t n = ::write(m_fd, data + done, std::size_t(std::min<qint64>(len - done, qint64(1) << 30)));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                failed(n < 0 ? errno : EIO);
                return -1;
            }
            done += n;
        }
        return done;
    }

private:
    // The first failure is the file's: whoever wrote through the device (QImage, QSvgGenerator) need not say.
    void failed(int err)
    {
        m_errno = err;
        setErrorString(errnoText(err));
        m_owner->fail(Failure::System, err, errnoText(err));
    }

    SafeFile *m_owner;
    int m_fd;
    bool m_sequential;
    int m_errno = 0;
};

namespace {

QByteArray temporaryName(const QByteArray &name)
{
    // Hidden, recognisable, and short enough for NAME_MAX whatever the target's name.
    static const char digits[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    QByteArray random(8, '0');
    for (char &c : random)
        c = digits[QRandomGenerator::system()->bounded(36)];
    return '.' + name.left(200) + '.' + random + ".nsviz-tmp";
}

// What a writer killed between naming its new file and renaming it over the target leaves behind: a hidden
// ".<name>.<random>.nsviz-tmp" of its own, a whole copy of one version. The next write of the same target removes
// those that are ours and older than a live writer's would ever be (the two calls are adjacent: microseconds).
void removeStaleTemporaries(int dirFd, const QByteArray &name)
{
    constexpr time_t staleAfterSeconds = 10;
    const int fd = ::openat(dirFd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return;
    DIR *dir = ::fdopendir(fd);
    if (!dir) {
        ::close(fd);
        return;
    }
    const QByteArray prefix = '.' + name.left(200) + '.';
    const QByteArray suffix = ".nsviz-tmp";
    const qsizetype length = prefix.size() + 8 + suffix.size();
    const time_t now = ::time(nullptr);
    while (const dirent *entry = ::readdir(dir)) {
        const QByteArrayView entryName(entry->d_name);
        if (entryName.size() != length || !entryName.startsWith(prefix) || !entryName.endsWith(suffix))
            continue;
        struct stat st{};
        if (::fstatat(fd, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) && st.st_uid == ::geteuid()
            && st.st_nlink == 1 && now - st.st_mtime > staleAfterSeconds)
            ::unlinkat(fd, entry->d_name, 0);
    }
    ::closedir(dir);
}

QString modeText(unsigned mode)
{
    return QStringLiteral("%1").arg(mode & 07777, 4, 8, QLatin1Char('0'));
}

} // namespace

SafeFile::SafeFile(QString path, int options)
    : m_path(std::move(path))
    , m_options(options)
{
}

SafeFile::~SafeFile()
{
    if (!m_committed)
        discard();
    if (m_dirFd >= 0)
        ::close(m_dirFd);
}

QIODevice *SafeFile::device() const
{
    return m_device.get();
}

bool SafeFile::fail(Failure failure, int err, const QString &why)
{
    m_failure = failure;
    m_errno = err;
    m_error = QStringLiteral("cannot write %1: %2").arg(escape::visible(m_path), why);
    return false;
}

bool SafeFile::open()
{
    if (m_device)
        return true;
    if (m_path == QLatin1String("-") && (m_options & DashIsStdout)) {
        std::fflush(stdout); // what was printed before comes first
        m_stdout = true;
        m_device = std::make_unique<Device>(this, STDOUT_FILENO, true);
        return m_device->open(QIODevice::WriteOnly | QIODevice::Unbuffered);
    }
    if (m_path.isEmpty())
        return fail(Failure::System, ENOENT, QStringLiteral("no file name was given"));
    const QByteArray encoded = QFile::encodeName(m_path);
    const qsizetype slash = encoded.lastIndexOf('/');
    m_dir = slash < 0 ? QByteArray(".") : slash == 0 ? QByteArray("/") : encoded.left(slash);
    m_name = encoded.mid(slash + 1);
    if (m_name.isEmpty() || m_name == "." || m_name == "..")
        return fail(Failure::NotRegular, EISDIR, QStringLiteral("it is a folder"));
    m_dirFd = ::open(m_dir.constData(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (m_dirFd < 0) {
        const int err = errno;
        return fail(Failure::System, err, QStringLiteral("its folder %1: %2").arg(escape::visible(QFile::decodeName(m_dir)), errnoText(err)));
    }
    return checkTarget(true) && createTemporary();
}

bool SafeFile::checkTarget(bool beforeCreate)
{
    struct stat st;
    if (::fstatat(m_dirFd, m_name.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
        const int err = errno;
        if (err == ENOENT) {
            if (beforeCreate)
                m_targetExists = false;
            return true; // absent (or removed while we wrote): the new file takes its place
        }
        return fail(Failure::System, err, errnoText(err));
    }
    if (S_ISLNK(st.st_mode)) {
        char link[4096];
        const ssize_t n = ::readlinkat(m_dirFd, m_name.constData(), link, sizeof link - 1);
        const QString to = n > 0 ? escape::visible(QFile::decodeName(QByteArray(link, n))) : QString();
        struct stat pointee;
        const bool dangling = ::fstatat(m_dirFd, m_name.constData(), &pointee, 0) != 0;
        return fail(Failure::NotRegular, ELOOP,
                    QStringLiteral("it is a symbolic link%1; nsviz does not write through links, name the file itself")
                        .arg(to.isEmpty() ? QString() : (dangling ? QStringLiteral(" to %1, which does not exist") : QStringLiteral(" to %1")).arg(to)));
    }
    if (S_ISDIR(st.st_mode))
        return fail(Failure::NotRegular, EISDIR, QStringLiteral("it is a folder"));
    if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
        return fail(Failure::NotRegular, ENODEV, QStringLiteral("it is a device, not a regular file"));
    if (S_ISFIFO(st.st_mode))
        return fail(Failure::NotRegular, EINVAL, QStringLiteral("it is a FIFO (named pipe), not a regular file"));
    if (S_ISSOCK(st.st_mode))
        return fail(Failure::NotRegular, EINVAL, QStringLiteral("it is a socket, not a regular file"));
    if (!S_ISREG(st.st_mode))
        return fail(Failure::NotRegular, EINVAL, QStringLiteral("it is not a regular file"));
    // Root may write anything: a file nobody may write is still not one to replace behind its owner's back.
    if ((st.st_mode & 0222) == 0)
        return fail(Failure::ReadOnly, EACCES, QStringLiteral("the file is read-only (mode %1)").arg(modeText(st.st_mode)));
    if (::faccessat(m_dirFd, m_name.constData(), W_OK, AT_EACCESS | AT_SYMLINK_NOFOLLOW) != 0 && errno == EACCES)
        return fail(Failure::ReadOnly, EACCES, QStringLiteral("you may not write it (mode %1, owner uid %2)").arg(modeText(st.st_mode)).arg(st.st_uid));
    if (beforeCreate) {
        m_targetExists = true;
        m_mode = st.st_mode & 0777; // never set-id or sticky bits on an export
        m_uid = st.st_uid;
        m_gid = st.st_gid;
    }
    return true;
}

bool SafeFile::createTemporary()
{
    const mode_t mode = m_targetExists ? m_mode : 0666;
    // Unnamed until commit: a write that is killed midway leaves nothing in the folder.
    m_fd = ::openat(m_dirFd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, mode);
    if (m_fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
        // A file system without O_TMPFILE: a hidden name of our own, made with O_EXCL so it is nobody else's.
        for (int attempt = 0; attempt < 100 && m_fd < 0; ++attempt) {
            const QByteArray name = temporaryName(m_name);
            m_fd = ::openat(m_dirFd, name.constData(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, mode);
            if (m_fd >= 0)
                m_tempName = name;
            else if (errno != EEXIST)
                break;
        }
    }
    if (m_fd < 0) {
        const int err = errno;
        return fail(Failure::System, err, QStringLiteral("cannot create a file in its folder: %1").arg(errnoText(err)));
    }
    if (m_targetExists) {
        // The new file is the old one's successor: the same permissions, and the same owner where root writes it.
        // (Where the owner cannot be set, as on some network file systems, the file stays root's.)
        const bool owned = ::geteuid() != 0 || ::fchown(m_fd, m_uid, m_gid) == 0;
        Q_UNUSED(owned);
        ::fchmod(m_fd, m_mode);
    }
    m_device = std::make_unique<Device>(this, m_fd, false);
    return m_device->open(QIODevice::WriteOnly | QIODevice::Unbuffered);
}

bool SafeFile::write(QByteArrayView data)
{
    if (!m_device)
        return fail(Failure::System, EBADF, QStringLiteral("it is not open"));
    if (m_failure != Failure::None)
        return false;
    if (m_device->write(data.data(), data.size()) == data.size())
        return true;
    return m_failure != Failure::None ? false : fail(Failure::System, EIO, errnoText(EIO));
}

bool SafeFile::linkTemporary(QByteArray *name)
{
    const QByteArray procPath = "/proc/self/fd/" + QByteArray::number(m_fd);
    for (int attempt = 0; attempt < 100; ++attempt) {
        *name = temporaryName(m_name);
        // AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH; /proc/self/fd works for everyone where /proc is mounted.
        if (::linkat(m_fd, "", m_dirFd, name->constData(), AT_EMPTY_PATH) == 0)
            return true;
        if (errno != EEXIST && ::linkat(AT_FDCWD, procPath.constData(), m_dirFd, name->constData(), AT_SYMLINK_FOLLOW) == 0)
            return true;
        if (errno != EEXIST) {
            const int err = errno;
            return fail(Failure::System, err, QStringLiteral("cannot put the new file in its folder: %1").arg(errnoText(err)));
        }
    }
    return fail(Failure::System, EEXIST, QStringLiteral("cannot find a free temporary name in its folder"));
}

bool SafeFile::commit()
{
    if (!m_device)
        return m_failure != Failure::None ? false : fail(Failure::System, EBADF, QStringLiteral("it is not open"));
    if (m_failure != Failure::None)
        return false;
    if (m_stdout) {
        m_committed = true;
        return true;
    }
    if (::fsync(m_fd) != 0) {
        const int err = errno;
        return fail(Failure::System, err, errnoText(err));
    }
    // What is at the name now: it may have been replaced while we wrote. Only a regular file (or nothing) goes.
    if (!checkTarget(false))
        return false;
    QByteArray temporary = m_tempName;
    if (temporary.isEmpty() && !linkTemporary(&temporary))
        return false;
    m_tempName = temporary; // from here on a failure removes it
    // Renamed over the target right after it got its name, and closed after: the moment in which a kill leaves the
    // named copy behind (removeStaleTemporaries) is as short as it can be.
    if (::renameat(m_dirFd, temporary.constData(), m_dirFd, m_name.constData()) != 0) {
        const int err = errno;
        return fail(Failure::System, err, errnoText(err));
    }
    ::close(std::exchange(m_fd, -1)); // its data reached the disk before it replaced the old (fsync above)
    m_tempName.clear();
    m_committed = true;
    // The rename itself on the disk, as far as the file system lets us ask for it.
    const int dir = ::openat(m_dirFd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
    removeStaleTemporaries(m_dirFd, m_name);
    return true;
}

void SafeFile::discard()
{
    if (m_device)
        m_device->close();
    if (m_fd >= 0 && !m_stdout)
        ::close(m_fd);
    m_fd = -1;
    if (!m_tempName.isEmpty() && m_dirFd >= 0)
        ::unlinkat(m_dirFd, m_tempName.constData(), 0);
    m_tempName.clear();
}

bool SafeFile::writeFile(const QString &path, QByteArrayView data, QString *error, int options)
{
    SafeFile f(path, options);
    if (f.open() && f.write(data) && f.commit())
        return true;
    if (error)
        *error = f.errorString();
    return false;
}

} // namespace nsviz::io
