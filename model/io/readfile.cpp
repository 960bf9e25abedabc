#include "readfile.h"

#include "errnotext.h"
#include "escape.h"

#include <QFile>

#include <cerrno>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace nsviz::io {

bool readUserFile(const QString &path, QByteArray *out, QString *error, bool dashIsStdin, qint64 limit)
{
    out->clear();
    const bool stdinWanted = dashIsStdin && path == QLatin1String("-");
    auto failed = [&](const QString &why) {
        if (error)
            *error = QStringLiteral("cannot read %1: %2").arg(stdinWanted ? QStringLiteral("standard input") : escape::visible(path), why);
        out->clear();
        return false;
    };
    const int fd = stdinWanted ? STDIN_FILENO : ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return failed(errnoText(errno));
    struct stat st;
    if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        ::close(fd);
        return failed(errnoText(EISDIR));
    }
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
        out->reserve(qsizetype(std::min<qint64>(st.st_size, limit) + 1));
    char buf[65536];
    int err = 0;
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            err = errno;
            break;
        }
        if (n == 0)
            break;
        if (out->size() + n > limit) {
            err = EFBIG;
            break;
        }
        out->append(buf, n);
    }
    if (!stdinWanted)
        ::close(fd);
    if (err == EFBIG)
        return failed(QStringLiteral("it is larger than %1 MiB, which no snapshot is").arg(limit >> 20));
    if (err)
        return failed(errnoText(err));
    return true;
}

} // namespace nsviz::io
