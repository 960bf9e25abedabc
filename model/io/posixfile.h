#pragma once

// POSIX files for the whole model: an owning file descriptor, and a whole-file reader with a size bound that never
// blocks and refuses what is not a regular file. The scanner and the namespace details reader read /proc with it, the
// demo runtime /proc and its children's pipes, the engine transport its sockets.

#include <QByteArray>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <utility>

namespace nsviz::io {

class Fd
{
public:
    explicit Fd(int fd = -1) : m_fd(fd) {}
    ~Fd() { reset(); }
    Fd(Fd &&o) noexcept : m_fd(std::exchange(o.m_fd, -1)) {}
    Fd &operator=(Fd &&o) noexcept
    {
        if (this != &o)
            reset(std::exchange(o.m_fd, -1));
        return *this;
    }
    int get() const { return m_fd; }
    bool valid() const { return m_fd >= 0; }
    void reset(int fd = -1)
    {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = fd;
    }

private:
    int m_fd;
};

// Where a file comes from. ProcFs: the proc root is the kernel's procfs (fstatfs says PROC_SUPER_MAGIC), whose
// files are regular and never block. Untrusted: anything else, such as a fixture tree or a copy, where "stat" can be
// a FIFO that blocks a read forever, a device (opening one can have effects), or a link to either: such a file is
// checked before it is opened and again after, and is refused with NotRegularFile unless it is a regular file.
enum class Source { Untrusted, ProcFs };

// The errno of a refused file that is not a regular one. Not EINVAL: procfs answers EINVAL for the mountinfo of a
// task that is exiting (it has no namespaces left), which means "gone", not "broken". procfs never answers this one.
inline constexpr int NotRegularFile = EMEDIUMTYPE;

// Reads a whole file relative to dirfd (or a path with AT_FDCWD) into out, at most `limit` bytes; *truncated
// (if given) says whether there was more. Returns false with errno set when it cannot be opened or read
// (NotRegularFile: not a regular file). Never blocks: files are opened with O_NONBLOCK.
// oneShot: the kernel generates the file in one piece (single_open seq_files, cmdline), so a read that does not
// fill the buffer has returned all of it and the read that would return 0 can be skipped.
inline bool readFileAt(int dirfd, const char *name, QByteArray &out, qsizetype limit, bool oneShot = false,
                       bool *truncated = nullptr, Source source = Source::Untrusted)
{
    out.clear();
    if (truncated)
        *truncated = false;
    struct stat st;
    if (source == Source::Untrusted) {
        if (::fstatat(dirfd, name, &st, 0) != 0)
            return false;
        if (!S_ISREG(st.st_mode)) {
            errno = NotRegularFile;
            return false;
        }
    }
    Fd fd(::openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
    if (!fd.valid())
        return false;
    if (source == Source::Untrusted && (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode))) {
        errno = NotRegularFile; // swapped for something else between the two looks
        return false;
    }
    char buf[16384];
    for (;;) {
        const ssize_t n = ::read(fd.get(), buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            const int saved = errno; // what read() said, not what close() might
            fd.reset();
            errno = saved;
            return false;
        }
        if (n == 0)
            return true;
        if (out.size() + n > limit) {
            out.append(buf, limit - out.size());
            if (truncated)
                *truncated = true;
            return true;
        }
        out.append(buf, n);
        if (oneShot && std::size_t(n) < sizeof buf)
            return true;
    }
}

} // namespace nsviz::io
