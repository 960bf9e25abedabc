// libFuzzer targets for the parsers of /proc text (model/scan/procparse.h): one binary per parser, chosen at
// build time by NSVIZ_FUZZ_PARSER, so that each gets its own corpus and coverage. What a proc tree that is not the
// kernel's can hold is anything; each parser must return or skip, never crash, overrun or read uninitialised memory
// (ASan and UBSan abort on that), and what it returns must hold together.
#include "fuzzcheck.h"
#include "scan/procparse.h"

#include <string_view>

using namespace nsviz;
using nsviz::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView text = fuzz::bytes(data, size);
#if NSVIZ_FUZZ_PARSER == 1 // stat
    if (const auto stat = procparse::parseStat(text)) {
        check(stat->comm.size() <= text.size());
        (void)procparse::decodeProcText(stat->comm);
    }
#elif NSVIZ_FUZZ_PARSER == 2 // status
    if (const auto status = procparse::parseStatus(text))
        check(status->nspid.size() <= text.size());
#elif NSVIZ_FUZZ_PARSER == 3 // cmdline
    const QStringList argv = procparse::parseCmdline(text);
    check(argv.size() <= text.size() + 1);
#elif NSVIZ_FUZZ_PARSER == 4 // a namespace link, as readlink(2) gives it
    if (const auto link = procparse::parseNamespaceLink(std::string_view(text.data(), std::size_t(text.size()))))
        check(link->id != 0 && int(link->type) >= 0 && int(link->type) < NamespaceTypeCount);
#elif NSVIZ_FUZZ_PARSER == 5 // mountinfo
    procparse::forEachLine(text, [](QByteArrayView line) {
        if (const auto m = procparse::parseNsfsMountinfoLine(line))
            check(!m->mountPoint.isEmpty() && m->ns.id != 0);
    });
#elif NSVIZ_FUZZ_PARSER == 6 // cgroup
    if (const auto label = procparse::parseContainerFromCgroup(text))
        check(!label->engine.isEmpty());
#elif NSVIZ_FUZZ_PARSER == 7 // uid_map, gid_map
    const QList<IdMapRange> map = procparse::parseIdMap(text);
    check(map.size() <= text.size());
#else
#error "NSVIZ_FUZZ_PARSER names the parser: 1 stat, 2 status, 3 cmdline, 4 namespace link, 5 mountinfo, 6 cgroup, 7 id map"
#endif
    return 0;
}
