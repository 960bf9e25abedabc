// libFuzzer target for recordings (model/live/recording.h): files a user opens, made on another machine, maybe cut
// short or tampered with. Whatever the bytes (gzip or plain lines), reading ends with the moments that were good
// and, where the file was not all good, a message; every moment kept rebuilds, and what it rebuilds to is a snapshot
// the JSON reader takes back.
#include "live/recording.h"
#include "live/snapshothistory.h"
#include "snapshot/snapshotjson.h"

#include <cstdint>
#include <cstdlib>

#include <sys/mman.h>
#include <unistd.h>

using namespace nsviz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // The reader takes a path: a memory file, so that no disk is touched.
    const int fd = ::memfd_create("nsviz-fuzz-recording", 0);
    if (fd < 0)
        std::abort();
    for (size_t done = 0; done < size;) {
        const ssize_t n = ::write(fd, data + done, size - done);
        if (n <= 0)
            std::abort();
        done += size_t(n);
    }
    const Recording r = readRecording(QStringLiteral("/proc/self/fd/%1").arg(fd), qint64(64) << 20);
    ::close(fd);
    if (!r.moments)
        std::abort();
    if (r.moments->isEmpty() && r.error.isEmpty())
        std::abort(); // nothing good, and nothing said
    if (!r.closed && r.error.isEmpty() && r.moments->isEmpty())
        std::abort();
    for (qsizetype i = 0; i < r.moments->size(); ++i) {
        const SnapshotPtr s = r.moments->at(i);
        if (!s)
            std::abort(); // a moment kept that does not rebuild
        QString error;
        if (!readSnapshotJson(writeSnapshotJson(*s), &error))
            std::abort(); // it rebuilt to something the reader refuses
        if (i > 0 && r.moments->timeAt(i) < r.moments->timeAt(i - 1))
            std::abort();
    }
    return 0;
}
