// bench_history: what time costs. The synthetic host of bench_models (benchworld.h: 5,000 processes, 1% churn a
// tick) taken in once a second by HostState for --minutes (10), then:
//   (a) history    memory of the moments kept (HostState's estimate, and the process's RSS growth), extrapolated to
//                  an hour (target <= 150 MB), next to keeping every moment whole, and to deltas that carry changed
//                  namespaces whole (the host's own hold every process); and the GUI thread's cost of taking a
//                  moment in (names, the one diff, history, change log) next to the diff alone
//   (b) scrub      HostState::showMoment to random moments (rebuilding from a keyframe, the diff to what was
//                  shown): median and max (target <= 50 ms), next to building one Snapshot
//   (c) record     RecordingWriter (delta, JSON, gzip) per moment: thread CPU as a share of a core at 1 Hz (target
//                  <= 5%) and bytes per minute (target <= 2 MB), next to writing every moment as a whole snapshot
//   (d) replay     the main window (offscreen) stepping through a recording of the same host: the GUI thread per
//                  update at 16x (target < 10 ms), next to the diff alone
//   bench_history [--processes 5000] [--minutes 10] [--churn 0.01] [--scrubs 100] [--replay-moments 120] [--only a,b,c,d]

#include "benchclock.h"
#include "benchworld.h"
#include "mainwindow.h"

#include "live/hoststate.h"
#include "live/recording.h"
#include "live/snapshothistory.h"
#include "snapshot/snapshotdelta.h"
#include "snapshot/snapshotdiff.h"
#include "snapshot/snapshotjson.h"

#include <QApplication>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <malloc.h>

#include <numeric>

#include <cstdio>
#include <random>
#include <set>
#include <string>

using namespace nsviz;
using namespace nsviz::bench;

namespace {

qint64 rssBytes()
{
    malloc_trim(0);
    QFile f(QStringLiteral("/proc/self/statm"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = f.readAll().split(' ');
    return fields.size() > 1 ? fields[1].toLongLong() * 4096 : 0;
}

double mib(qint64 bytes) { return double(bytes) / (1 << 20); }

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return NAN;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, std::size_t(p * double(v.size())))];
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("nsviz-bench"));
    Options o;
    int minutes = 10, scrubs = 100, replayMoments = 120;
    std::set<std::string> only;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const bool v = i + 1 < argc;
        if (a == "--processes" && v)
            o.processes = std::atoi(argv[++i]);
        else if (a == "--minutes" && v)
            minutes = std::atoi(argv[++i]);
        else if (a == "--churn" && v)
            o.churn = std::atof(argv[++i]);
        else if (a == "--scrubs" && v)
            scrubs = std::atoi(argv[++i]);
        else if (a == "--replay-moments" && v)
            replayMoments = std::atoi(argv[++i]);
        else if (a == "--only" && v) {
            const std::string list = argv[++i];
            for (std::size_t p = 0, q; p <= list.size(); p = q + 1) {
                q = list.find(',', p);
                if (q == std::string::npos)
                    q = list.size();
                only.insert(list.substr(p, q - p));
            }
        } else {
            std::fprintf(stderr, "usage: bench_history [--processes N] [--minutes M] [--churn F] [--scrubs K] [--replay-moments R] [--only a,b,c,d]\n");
            return 2;
        }
    }
    auto want = [&](const char *k) { return only.empty() || only.count(k); };
    const int ticks = minutes * 60;
    const qint64 t0 = 1'800'000'000'000;

    World world(o);
    SnapshotPtr first = world.snapshot();
    std::printf("synthetic host: %zu processes, %zu namespaces, %zu sets; %.1f%% churn a tick, 1 Hz, %d minutes\n", first->processes().size(),
                first->namespaces().size(), first->namespaceSets().size(), o.churn * 100, minutes);

    const qint64 rss0 = rssBytes();
    HostState state;
    state.setHistoryBytes(qint64(4) << 30); // nothing dropped: what an hour needs is the question
    QTemporaryDir dir;
    RecordingWriter writer(dir.filePath(QStringLiteral("bench.nsvizrec")));
    writer.open(QStringLiteral("bench"));
    std::vector<double> ingestMs, diffMs, recordCpu, wholeJsonCpu;
    qint64 wholeBytes = 0, fatDeltaBytes = 0, wholeJsonBytes = 0;
    SnapshotPtr prev;
    state.ingest(first, t0);
    writer.write(*first, nullptr, t0);
    prev = first;
    for (int t = 1; t <= ticks; ++t) {
        world.tick();
        SnapshotPtr s = world.snapshot(); // the scanner's work, on its thread in the app: not timed
        double w = wallMs();
        const SnapshotDiff d = SnapshotDiff::compute(prev.get(), s.get());
        diffMs.push_back(wallMs() - w);
        w = wallMs();
        state.ingest(s, t0 + qint64(t) * 1000);
        ingestMs.push_back(wallMs() - w);
        if (want("c")) {
            double c = threadCpuMs();
            const SnapshotDelta delta = SnapshotDelta::between(*prev, *s, &d);
            writer.write(*s, &delta, t0 + qint64(t) * 1000);
            recordCpu.push_back(threadCpuMs() - c);
            if (t % 30 == 0) { // the reference, sampled: every moment written whole
                c = threadCpuMs();
                wholeJsonBytes = writeSnapshotJson(*s).size();
                wholeJsonCpu.push_back(threadCpuMs() - c);
            }
        }
        wholeBytes += estimateBytes(*s);
        // Deltas as they were: a namespace whose members changed carried whole.
        for (const SnapshotDiff::MembershipChange &m : d.membershipChanged)
            fatDeltaBytes += estimateBytes(*s->findNamespace(m.id));
        prev = std::move(s);
    }
    const qint64 rss1 = rssBytes();
    const SnapshotHistory &h = state.history();
    qint64 deltaBytes = 0, deltaProcesses = 0, deltaNamespaces = 0, deltaMembers = 0, deltaCount = 0, unpackedProcessBytes = 0, processCount = 0;
    for (qsizetype i = 0; i < h.size(); ++i)
        if (const SnapshotDelta *d = h.deltaAt(i)) {
            deltaBytes += d->estimateBytes();
            ++deltaCount;
            const std::vector<ProcessInfo> processes = d->unpackedProcesses();
            processCount += qint64(processes.size());
            deltaProcesses += d->packedProcesses.capacity();
            for (const ProcessInfo &p : d->processes)
                deltaProcesses += estimateBytes(p);
            for (const ProcessInfo &p : processes)
                unpackedProcessBytes += estimateBytes(p);
            for (const NamespaceInfo &n : d->namespaces)
                deltaNamespaces += estimateBytes(n);
            deltaMembers += qint64(d->members.capacity() * sizeof(SnapshotDelta::MemberEdit));
        }
    const double hour = 60.0 / minutes;

    if (want("a")) {
        std::printf("\n(a) history of %lld moments: %lld keyframes\n", qint64(h.size()), qint64(h.keyframes()));
        std::printf("    kept (estimate)          %8.1f MiB   -> an hour: %7.1f MiB (target <= 150 MB = 143 MiB)\n", mib(h.bytes()), mib(h.bytes()) * hour);
        std::printf("    RSS growth               %8.1f MiB   -> an hour: %7.1f MiB (the change log and allocator slack included)\n",
                    mib(rss1 - rss0), mib(rss1 - rss0) * hour);
        std::printf("    every moment whole       %8.1f MiB   -> an hour: %7.1f MiB\n", mib(wholeBytes), mib(wholeBytes) * hour);
        if (deltaCount > 0)
            std::printf("    a delta, on average      %8.1f KiB: %lld processes %.1f KiB (%.1f KiB as ProcessInfo), namespaces %.1f KiB, member edits %.1f KiB\n",
                        double(deltaBytes) / deltaCount / 1024, processCount / deltaCount, double(deltaProcesses) / deltaCount / 1024,
                        double(unpackedProcessBytes) / deltaCount / 1024, double(deltaNamespaces) / deltaCount / 1024,
                        double(deltaMembers) / deltaCount / 1024);

        std::printf("    deltas, members whole    %8.1f MiB   (vs %.1f MiB as edits, %.0fx)\n", mib(deltaBytes + fatDeltaBytes),
                    mib(deltaBytes), double(deltaBytes + fatDeltaBytes) / double(std::max<qint64>(1, deltaBytes)));
        std::printf("    change log: %lld entries\n", qint64(state.changes().size()));
        std::printf("    taking a moment in (GUI thread): median %.2f ms, p95 %.2f, max %.2f   | the diff alone: median %.2f ms  (ratio %.1f)\n",
                    median(ingestMs), percentile(ingestMs, 0.95), *std::max_element(ingestMs.begin(), ingestMs.end()), median(diffMs),
                    median(ingestMs) / median(diffMs));
    }

    if (want("b")) {
        std::mt19937 rng(7);
        std::vector<double> scrubMs, buildMs;
        for (int i = 0; i < scrubs; ++i) {
            const qsizetype index = std::uniform_int_distribution<qsizetype>(0, h.size() - 2)(rng);
            double w = wallMs();
            state.showMoment(index);
            scrubMs.push_back(wallMs() - w);
            w = wallMs();
            const SnapshotPtr copy = std::make_shared<const Snapshot>(state.shown()->host(), state.shown()->processes(), state.shown()->namespaces());
            buildMs.push_back(wallMs() - w);
        }
        // Dragging: the next moment each time (from the cache).
        std::vector<double> dragMs;
        state.showMoment(10);
        for (int i = 11; i < 11 + scrubs && i < h.size() - 1; ++i) {
            const double w = wallMs();
            state.showMoment(i);
            dragMs.push_back(wallMs() - w);
        }
        state.follow();
        std::printf("\n(b) scrub to a random moment: median %.1f ms, p95 %.1f, max %.1f (target <= 50)   | one Snapshot built: median %.1f ms\n",
                    median(scrubMs), percentile(scrubMs, 0.95), *std::max_element(scrubMs.begin(), scrubMs.end()), median(buildMs));
        std::printf("    drag, moment by moment: median %.1f ms, max %.1f\n", median(dragMs), *std::max_element(dragMs.begin(), dragMs.end()));
    }

    if (want("c")) {
        writer.finish();
        std::printf("\n(c) record: %lld moments, %.2f MiB written (%.2f MiB uncompressed)\n", writer.moments(), mib(writer.bytesWritten()), mib(writer.bytesUncompressed()));
        std::printf("    per moment: median %.2f ms CPU, mean %.2f -> %.2f%% of a core at 1 Hz (target <= 5%%)\n", median(recordCpu),
                    std::accumulate(recordCpu.begin(), recordCpu.end(), 0.0) / double(recordCpu.size()),
                    std::accumulate(recordCpu.begin(), recordCpu.end(), 0.0) / double(recordCpu.size()) / 10.0);
        std::printf("    per minute: %.2f MiB (target <= 2 MB = 1.91 MiB)   | every moment whole, uncompressed: %.1f MiB a minute, %.1f ms CPU each\n",
                    mib(writer.bytesWritten()) / minutes, mib(wholeJsonBytes) * 60, median(wholeJsonCpu));
    }

    if (want("d")) {
        // A recording of the same kind of host, replayed in the window.
        const QString path = dir.filePath(QStringLiteral("replay.nsvizrec"));
        World again(o);
        {
            RecordingWriter w(path);
            w.open(QStringLiteral("bench"));
            SnapshotPtr p = again.snapshot();
            w.write(*p, nullptr, t0);
            for (int t = 1; t < replayMoments; ++t) {
                again.tick();
                SnapshotPtr s = again.snapshot();
                const SnapshotDelta d = SnapshotDelta::between(*p, *s);
                w.write(*s, &d, t0 + qint64(t) * 1000);
                p = std::move(s);
            }
            w.finish();
        }
        double w = wallMs();
        const Recording r = readRecording(path);
        const double readMs = wallMs() - w;
        MainWindow window(r, path);
        window.resize(1600, 1000);
        window.show();
        QTest::qWait(300);
        HostState *st = window.hostState();
        std::vector<double> stepMs, diffOnly;
        for (int i = 1; i < r.moments->size(); ++i) {
            const SnapshotPtr before = st->shown();
            w = wallMs();
            st->step(1);
            stepMs.push_back(wallMs() - w);
            w = wallMs();
            SnapshotDiff::compute(before.get(), st->shown().get());
            diffOnly.push_back(wallMs() - w);
            // 16x of 1 Hz: the next update 62 ms later; what comes back to the event loop meanwhile (graph
            // layout results, paints) runs between updates, as it would.
            QTest::qWait(62);
        }
        std::printf("\n(d) replay in the window (%lld moments, read in %.0f ms): GUI thread per update median %.1f ms, p95 %.1f, max %.1f "
                    "(target < 10)   | the diff alone: median %.2f ms\n",
                    qint64(r.moments->size()), readMs, median(stepMs), percentile(stepMs, 0.95), *std::max_element(stepMs.begin(), stepMs.end()),
                    median(diffOnly));
    }
    return 0;
}
