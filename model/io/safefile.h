#pragma once

// Writing a file so that nothing but that file is ever touched, and a reader sees the old file or the whole new one.
// The data goes to a temporary file in the target's folder (unnamed, O_TMPFILE, where the file system has it; else a
// hidden name made with O_EXCL), created with the target's mode (and, for root, its owner), and replaces the target
// by rename only when the target is a regular file the user may write, or absent. A symbolic link (dangling or not),
// a device, a FIFO, a socket, a folder or a read-only file as the target is refused, with a message that says which;
// rename never follows a link, and nothing is ever opened at the target's name. Killed midway (even by SIGKILL), it
// leaves the target as it was; killed in the instant between naming the new file and renaming it over the target
// (Linux cannot rename an unnamed file over another), it leaves that whole copy as ".<name>.<8 random>.nsviz-tmp",
// which the next write of the same target removes once it is older than 10 s. "-" stands for standard output where
// the caller says so (DashIsStdout): the way a user asks for a pipe or a terminal explicitly.

#include <QIODevice>
#include <QString>

#include <memory>

namespace nsviz::io {

class SafeFile
{
public:
    enum Option { NoOptions = 0, DashIsStdout = 1 };
    enum class Failure {
        None,
        NotRegular, // the target is a link, device, FIFO, socket or folder: refused before anything was written
        ReadOnly,   // the target is a regular file its mode or owner says not to write
        System,     // a call failed (errno(): the disk is full, no such folder...)
    };

    explicit SafeFile(QString path, int options = NoOptions);
    ~SafeFile(); // without commit(): the temporary file goes, the target stays as it was
    SafeFile(const SafeFile &) = delete;
    SafeFile &operator=(const SafeFile &) = delete;

    bool open(); // checks the target and creates the temporary file
    // Where to write between open() and commit(). Writes go straight to the file; a failed write fails the device
    // and commit(). Valid while this object lives.
    QIODevice *device() const;
    bool write(QByteArrayView data);
    bool commit(); // flushes to the disk and puts the file in place; false if anything failed on the way

    bool isStdout() const { return m_stdout; }
    QString path() const { return m_path; }
    Failure failure() const { return m_failure; }
    int errorNumber() const { return m_errno; }
    // The whole sentence for a user: "cannot write /x/g.svg: the disk is full (ENOSPC)".
    QString errorString() const { return m_error; }

    // open(), write(data), commit() in one; false with *error set to errorString().
    static bool writeFile(const QString &path, QByteArrayView data, QString *error, int options = NoOptions);

private:
    bool fail(Failure failure, int err, const QString &why);
    bool checkTarget(bool beforeCreate);
    bool createTemporary();
    bool linkTemporary(QByteArray *name);
    void discard();

    class Device;
    QString m_path;
    int m_options;
    bool m_stdout = false;
    bool m_committed = false;
    int m_dirFd = -1;
    int m_fd = -1;
    QByteArray m_dir;  // the folder, as given (".", when the path has none)
    QByteArray m_name; // the file name in it
    QByteArray m_tempName; // a named temporary file, where O_TMPFILE was not to be had
    bool m_targetExists = false;
    unsigned m_mode = 0666;
    unsigned m_uid = 0, m_gid = 0;
    std::unique_ptr<Device> m_device;
    Failure m_failure = Failure::None;
    int m_errno = 0;
    QString m_error;
};

} // namespace nsviz::io
