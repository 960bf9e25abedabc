// libFuzzer target for snapshot JSON (model/snapshot/snapshotjson.h), the format nsviz reads from files the user
// opens and from a probe it runs over ssh. Whatever the document, the reader accepts or rejects it with a message;
// what it accepts, the writer writes, and that is read back to the same snapshot: written again, byte for byte the
// same (a fixed point — the first write may normalise, as lone surrogates become U+FFFD).
#include "snapshot/snapshotjson.h"

#include <cstdint>
#include <cstdlib>

using namespace nsviz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QString error;
    const SnapshotPtr snapshot = readSnapshotJson(QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size)), &error);
    if (!snapshot) {
        if (error.isEmpty())
            std::abort(); // rejected without saying why
        return 0;
    }
    const QByteArray once = writeSnapshotJson(*snapshot);
    const SnapshotPtr back = readSnapshotJson(once, &error);
    if (!back)
        std::abort(); // the writer wrote what the reader refuses
    if (writeSnapshotJson(*back) != once)
        std::abort(); // not a fixed point: something changed on the way through
    return 0;
}
