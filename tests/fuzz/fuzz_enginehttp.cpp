// libFuzzer target for the engine client's HTTP response parser (model/containers/enginehttpparser.h): what a
// Podman or Docker socket answers, or anything that listens on one. The first byte chooses how the rest is cut into
// reads (as a socket delivers it) and whether the request was a HEAD; the parser must end in a state, within its
// limits, whatever comes.
#include "containers/enginehttpparser.h"

#include <cstdint>
#include <cstdlib>

using namespace nsviz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const unsigned mode = data[0];
    const QByteArrayView raw(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    EngineHttpParser parser(4096 + (mode & 0x0f) * 1024);
    parser.setHeadRequest(mode & 0x80);
    const qsizetype step = 1 + ((mode >> 4) & 0x07) * 7;
    for (qsizetype i = 0; i < raw.size() && parser.state() == EngineHttpParser::State::NeedMore; i += step)
        parser.feed(raw.sliced(i, std::min(step, raw.size() - i)));
    const EngineHttpParser::State end = parser.finish();
    if (end == EngineHttpParser::State::NeedMore)
        std::abort(); // the connection ended: complete or failed, nothing else
    if (end == EngineHttpParser::State::Failed && parser.errorString().isEmpty())
        std::abort();
    if (end == EngineHttpParser::State::Complete) {
        if (parser.body().size() > 4096 + 15 * 1024 || parser.headers().size() > EngineHttpParser::MaxHeaderCount)
            std::abort(); // past its own limits
        if (parser.statusCode() < 200 || parser.statusCode() > 599) // 1xx are skipped, 101 refused
            std::abort();
    }
    return 0;
}
