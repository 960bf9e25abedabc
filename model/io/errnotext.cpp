#include "errnotext.h"

#include <cerrno>
#include <cstring>

namespace nsviz::io {

namespace {

const char *words(int error)
{
    switch (error) {
    case ENOSPC: return "the disk is full";
    case EDQUOT: return "the disk quota is used up";
    case EROFS: return "the file system is read-only";
    case EFBIG: return "the file is larger than the file system allows";
    case EIO: return "input/output error (the disk or the connection to it may be failing)";
    case EACCES: return "permission denied";
    case EPERM: return "the operation is not permitted";
    case ENOENT: return "no such file or folder";
    case ENOTDIR: return "a part of the path is not a folder";
    case EISDIR: return "it is a folder";
    case ELOOP: return "too many levels of symbolic links";
    case ENAMETOOLONG: return "the name is too long";
    case EEXIST: return "it exists already";
    case EXDEV: return "not on the same file system";
    case EBUSY: return "the device or resource is busy";
    case ETXTBSY: return "the file is a program that is running";
    case EMFILE: return "this program has too many files open (see ulimit -n)";
    case ENFILE: return "the system has too many files open";
    case ENOMEM: return "out of memory";
    case EAGAIN: return "the resource is busy for now; try again";
    case EINTR: return "interrupted by a signal";
    case EPIPE: return "the reading end has gone away (broken pipe)";
    case ESRCH: return "no such process (it has exited)";
    case ECONNREFUSED: return "nothing is listening there (connection refused)";
    case ETIMEDOUT: return "timed out";
    case ENXIO: return "no such device or address";
    case ENODEV: return "no such device";
    case EOPNOTSUPP: return "not supported";
    case EINVAL: return "invalid argument";
    case EBADF: return "bad file descriptor";
    default: return nullptr;
    }
}

} // namespace

QString errnoText(int error)
{
    const char *name = ::strerrorname_np(error); // glibc 2.32+; null for a number it does not know
    QString text;
    if (const char *w = words(error)) {
        text = QString::fromLatin1(w);
    } else {
        char buf[256];
        const char *s = ::strerror_r(error, buf, sizeof buf); // the GNU variant: returns the text
        text = QString::fromLocal8Bit(s);
        if (!name || text.startsWith(QLatin1String("Unknown error")))
            return QStringLiteral("system error %1").arg(error);
        if (!text.isEmpty())
            text[0] = text[0].toLower();
    }
    return name ? text + QStringLiteral(" (") + QLatin1String(name) + QLatin1Char(')') : text;
}

} // namespace nsviz::io
