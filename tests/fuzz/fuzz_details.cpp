// libFuzzer targets for the parsers behind the Details pane (model/scan/namespacedetails.h, detailsparse): the files
// of a process the user selected, read from /proc or a proc tree that is not the kernel's, so anything. One binary per
// parser, chosen at build time by NSVIZ_FUZZ_DETAILS; each must return, never crash, overrun or read uninitialised
// memory, and what it returns must hold together.
#include "fuzzcheck.h"
#include "scan/namespacedetails.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace nsviz;
using nsviz::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView text = fuzz::bytes(data, size);
#if NSVIZ_FUZZ_DETAILS == 1 // /proc/net/{tcp,udp}{,6}: listening sockets, and the hex addresses in them
    const QJsonArray sockets = detailsparse::parseListeningSockets(text, QStringLiteral("tcp"));
    check(sockets.size() <= text.size());
    for (const QJsonValue &v : sockets) {
        const QJsonObject o = v.toObject();
        const double port = o.value(QLatin1String("port")).toDouble(-1);
        check(port >= 0 && port <= 65535 && !o.value(QLatin1String("address")).toString().isEmpty());
    }
    if (const auto address = detailsparse::decodeHexAddress(text))
        check(!address->isEmpty());
#elif NSVIZ_FUZZ_DETAILS == 2 // /proc/PID/timens_offsets
    const QJsonObject offsets = detailsparse::parseTimensOffsets(text);
    for (auto it = offsets.begin(); it != offsets.end(); ++it)
        check(it.value().toArray().size() == 2);
#elif NSVIZ_FUZZ_DETAILS == 3 // /proc/net/dev
    const QStringList names = detailsparse::parseNetDevNames(text);
    check(names.size() <= text.size());
    for (const QString &n : names)
        check(!n.isEmpty());
#elif NSVIZ_FUZZ_DETAILS == 4 // /proc/PID/cgroup, as the cgroup namespace's root
    check(detailsparse::parseCgroupRoot(text).size() <= text.size());
#elif NSVIZ_FUZZ_DETAILS == 5 // /proc/sysvipc/{shm,sem,msg}
    const int entries = detailsparse::countSysvIpcEntries(text);
    check(entries >= 0 && entries <= text.size());
#elif NSVIZ_FUZZ_DETAILS == 6 // /proc/PID/mountinfo, through libmount
    const QJsonObject mounts = detailsparse::parseMountinfo(text, 50);
    check(mounts.value(QLatin1String("mountList")).toArray().size() <= 50);
    check(mounts.value(QLatin1String("mounts")).toInt() <= text.size());
#else
#error "NSVIZ_FUZZ_DETAILS names the parser: 1 sockets, 2 time offsets, 3 net devices, 4 cgroup root, 5 System V IPC, 6 mountinfo"
#endif
    return 0;
}
