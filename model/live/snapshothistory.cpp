#include "snapshothistory.h"

#include "snapshot/snapshotdiff.h"

#include <algorithm>

namespace nsviz {

namespace {

// A keyframe at least this often, so that rebuilding an old moment applies a bounded number of deltas: scrubbing
// to any moment within 50 ms at 5,000 processes, on a busy two-core machine (tests/bench/bench_history: at 300 the
// slowest jumps took up to 67 ms; each keyframe fewer saves ~5 MiB an hour)...
constexpr qsizetype MaxDeltasPerKeyframe = 200;
// ...and once the deltas since the last one weigh this many keyframes, a keyframe is the cheaper way on. Deltas of
// a busy host cost little each; keyframes of 5,000 processes a few MiB: rarer keyframes are what keeps an hour of
// history within 150 MB (tests/bench/bench_history)...
constexpr qint64 KeyframesWorthOfDeltas = 4;
// ...but a stretch (a keyframe and its deltas) goes whole when the bound is reached, so none may hold more deltas
// than this share of the bound: dropping the oldest then drops little of what is kept.
constexpr qint64 BoundShareOfStretch = 8;

} // namespace

SnapshotHistory::SnapshotHistory(qint64 maxBytes)
    : m_maxBytes(std::max<qint64>(0, maxBytes))
{
}

void SnapshotHistory::append(SnapshotPtr snapshot, qint64 time, const SnapshotDiff *diff)
{
    if (!snapshot)
        return;
    Entry e;
    e.time = m_entries.empty() ? time : std::max(time, m_entries.back().time);
    const SnapshotPtr before = latest();
    const bool keyframeDue = !before || m_sinceKeyframe >= MaxDeltasPerKeyframe;
    if (!keyframeDue) {
        e.delta = SnapshotDelta::between(*before, *snapshot, diff);
        e.delta.pack();
        e.bytes = e.delta.estimateBytes();
    }
    const qint64 deltasPerStretch = std::min(m_keyframeBytes * KeyframesWorthOfDeltas, m_maxBytes / BoundShareOfStretch);
    if (keyframeDue || m_bytesSinceKeyframe + e.bytes > deltasPerStretch) {
        e.keyframe = snapshot;
        e.delta = {};
        e.bytes = estimateBytes(*snapshot);
    }
    m_latest = std::move(snapshot);
    push(std::move(e));
}

void SnapshotHistory::appendDelta(SnapshotDelta delta, qint64 time)
{
    Q_ASSERT(!m_entries.empty());
    if (m_sinceKeyframe >= MaxDeltasPerKeyframe) {
        // A recording's keyframes can be further apart than scrubbing allows (its writer spaces them for the
        // file): the moment is kept whole instead.
        const SnapshotPtr before = latest();
        appendKeyframe(delta.applyInOrder(*before), time);
        return;
    }
    Entry e;
    e.time = std::max(time, m_entries.back().time);
    delta.pack();
    e.bytes = delta.estimateBytes();
    e.delta = std::move(delta);
    m_latest.reset();
    push(std::move(e));
}

void SnapshotHistory::appendKeyframe(SnapshotPtr snapshot, qint64 time)
{
    Entry e;
    e.time = m_entries.empty() ? time : std::max(time, m_entries.back().time);
    e.bytes = estimateBytes(*snapshot);
    e.keyframe = snapshot;
    m_latest = std::move(snapshot);
    push(std::move(e));
}

void SnapshotHistory::push(Entry e)
{
    if (e.keyframe) {
        m_sinceKeyframe = 0;
        m_bytesSinceKeyframe = 0;
        m_keyframeBytes = e.bytes;
    } else {
        ++m_sinceKeyframe;
        m_bytesSinceKeyframe += e.bytes;
    }
    m_bytes += e.bytes;
    m_entries.push_back(std::move(e));
    evict();
}

void SnapshotHistory::setMaxBytes(qint64 bytes)
{
    m_maxBytes = std::max<qint64>(0, bytes);
    evict();
}

void SnapshotHistory::clear()
{
    m_entries.clear();
    m_latest.reset();
    m_cached.reset();
    m_cachedIndex = -1;
    m_bytes = 0;
    m_bytesSinceKeyframe = 0;
    m_keyframeBytes = 0;
    m_sinceKeyframe = 0;
    m_evicted = 0;
}

void SnapshotHistory::evict()
{
    // The oldest keyframe goes with its deltas, which stand on nothing without it. Rebuilding the next one as a
    // keyframe instead would cost a whole snapshot's work on every tick once the bound is reached.
    auto segmentEnd = [this] {
        std::size_t end = 1;
        while (end < m_entries.size() && !m_entries[end].keyframe)
            ++end;
        return end;
    };
    bool dropped = false;
    while (m_bytes > m_maxBytes && segmentEnd() < m_entries.size()) {
        for (std::size_t i = 0, end = segmentEnd(); i < end; ++i) {
            m_bytes -= m_entries.front().bytes;
            m_entries.pop_front();
            ++m_evicted;
        }
        dropped = true;
    }
    if (m_bytes > m_maxBytes && m_entries.size() > 1) {
        // One segment left, and too large: the latest alone, as a keyframe.
        const SnapshotPtr last = latest();
        const qint64 time = m_entries.back().time;
        const qint64 evicted = m_evicted + qint64(m_entries.size()) - 1;
        clear();
        m_evicted = evicted;
        Entry e;
        e.keyframe = last;
        e.time = time;
        e.bytes = estimateBytes(*last);
        m_latest = last;
        push(std::move(e));
        return;
    }
    if (dropped) {
        m_cached.reset();
        m_cachedIndex = -1;
    }
}

qsizetype SnapshotHistory::keyframes() const
{
    return qsizetype(std::count_if(m_entries.cbegin(), m_entries.cend(), [](const Entry &e) { return bool(e.keyframe); }));
}

qsizetype SnapshotHistory::indexAt(qint64 time) const
{
    if (m_entries.empty())
        return -1;
    const auto it = std::upper_bound(m_entries.cbegin(), m_entries.cend(), time, [](qint64 t, const Entry &e) { return t < e.time; });
    return std::max<qsizetype>(0, qsizetype(it - m_entries.cbegin()) - 1);
}

const SnapshotDelta *SnapshotHistory::deltaAt(qsizetype index) const
{
    const Entry &e = m_entries[std::size_t(index)];
    return e.keyframe ? nullptr : &e.delta;
}

SnapshotPtr SnapshotHistory::latest() const
{
    if (!m_latest && !m_entries.empty())
        m_latest = at(size() - 1);
    return m_latest;
}

SnapshotPtr SnapshotHistory::at(qsizetype index) const
{
    if (index < 0 || index >= size())
        return nullptr;
    if (index == size() - 1 && m_latest)
        return m_latest;
    if (m_entries[std::size_t(index)].keyframe)
        return m_entries[std::size_t(index)].keyframe;
    if (index == m_cachedIndex)
        return m_cached;
    qsizetype k = index;
    while (!m_entries[std::size_t(k)].keyframe)
        --k; // the oldest entry is always a keyframe
    // Forward from the last moment rebuilt, where it is in the same stretch and nearer.
    const bool fromCache = m_cached && m_cachedIndex > k && m_cachedIndex < index;
    const qsizetype from = fromCache ? m_cachedIndex : k;
    if (index == from + 1) {
        // The next moment (replaying, dragging): one delta merged into a whole snapshot in order.
        m_cached = m_entries[std::size_t(index)].delta.applyInOrder(fromCache ? *m_cached : *m_entries[std::size_t(k)].keyframe);
        m_cachedIndex = index;
        return m_cached;
    }
    SnapshotBuilder builder(fromCache ? *m_cached : *m_entries[std::size_t(k)].keyframe);
    for (qsizetype i = from + 1; i <= index; ++i) {
        // Made by between(), or checked when read from a recording: applied without checking again.
        builder.apply(m_entries[std::size_t(i)].delta, nullptr, true);
    }
    m_cached = builder.build();
    m_cachedIndex = index;
    return m_cached;
}

} // namespace nsviz
