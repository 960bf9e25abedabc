// bench_models: what the GUI thread spends applying one refresh to the item models, next to the diff that every
// consumer of a snapshot pays anyway.
//
// No /proc and no root: it builds a synthetic host in memory. N processes (default 5000): a few hundred host
// processes (kernel threads among them) in the initial namespaces, the rest in namespace sets of 10 (an init and
// 9 children), each set with its own net, uts, ipc, mnt and pid namespaces and the host's cgroup, time and user
// namespaces. Every tick 1% of the processes churn (25 exit and 25 appear at 5000): one set stops (its processes
// exit) and a new one starts, and single processes exit and start (in existing sets or on the host) until the
// count is reached; ~10 processes setns() into another set's net and mnt namespaces (--details K: K more change
// state). The whole sequence of snapshots is built first: constructing Snapshot objects is the scanner's work, on
// its worker thread, not the GUI's.
//
// Then, fed the same sequence, interleaved round-robin per tick so that machine noise hits every variant alike:
//   (a) diff          SnapshotDiff::compute alone: the floor every consumer pays
//   (b) table         ProcessTableModel::setSnapshot
//   (c) tree by type  NamespaceTreeModel::setSnapshot, ByType, the 8 type groups and ~20 namespaces expanded
//   (d) process tree  NamespaceTreeModel::setSnapshot, ProcessTree, the top level and ~20 processes expanded
//   (e) sorted table  ProcessTableModel behind a QSortFilterProxyModel sorted by the net column (SortRole,
//                     dynamicSortFilter on), as the GUI shows it: setSnapshot including the proxy's work
//   release           destroying the previous snapshot (the last consumer drops it on the GUI thread)
// and, as the main window wires them (ProcessFilterProxy), with a search typed in:
//   (f) GUI table     the table behind ProcessFilterProxy sorted by pid, searching "app-1", host noise hidden
//   (g) GUI tree      (c) behind ProcessFilterProxy (recursive filtering), the same search and host noise hidden
//   (h) GUI refresh   what the main window does per refresh: the diff once, the ProcessFilter, (f) and (g) given
//                     that diff (target <= 10 ms)
// (f) and (g) each compute the diff and update a filter of their own; (h) does it once for both, as the window.
// (--search "" --show-host: the window's defaults, nothing typed in, kernel threads hidden)
// per tick: median and max wall time over ticks x repeats, median thread CPU time, ratio to (a). Targets: the
// GUI thread spends <= 10 ms per tick for (b)+(c) together, and for (e).
//
// Then, with the views attached, in the main window itself (offscreen):
//   (i) select        a process chosen in one view and mirrored into every other (table, tree, Details, the graph's
//                     highlight), then the window painted once, on a realistic host of --select-sets sets (2,000),
//                     next to painting the window once with nothing changed: target <= 50 ms
//
// (a) to (h) have no views attached: what a QTreeView/QTableView does with the signals comes on top. An untimed pass then
// checks every model after every tick: a mirror fed only by its signals must equal it (nothing left stale), and
// row counts, the sorted proxy's order and each filter proxy against filtering afresh must hold. Exit status 1
// if a check fails.

#include "benchclock.h"
#include "benchworld.h"
#include "mainwindow.h"
#include "views/graphtesting.h"
#include "graph/graphscene.h"
#include "graph/graphwidget.h"
#include "panels/detailspanel.h"
#include "itemmodels/namespacetreemodel.h"
#include "itemmodels/processfilter.h"
#include "itemmodels/processfilterproxy.h"
#include "itemmodels/processtablemodel.h"
#include "snapshot/snapshot.h"
#include "snapshot/snapshotdiff.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTest>
#include <QSortFilterProxyModel>
#include <QStandardPaths>

#include <time.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace {

using namespace nsviz;
using namespace nsviz::bench;

// ------------------------------------------------------------------------------------------------ clocks



double maxOf(const std::vector<double> &v) { return v.empty() ? NAN : *std::max_element(v.begin(), v.end()); }

// ------------------------------------------------------------------------------------------------ synthetic host

Options g_options;


// ------------------------------------------------------------------------------------------------ consumers

// One consumer of the snapshot sequence: start() takes the first snapshot (untimed, with the expansions a user
// made), apply() one later snapshot (timed).
struct Consumer
{
    virtual ~Consumer() = default;
    virtual void start(const SnapshotPtr &first) = 0;
    virtual void apply(const SnapshotPtr &next) = 0;
    virtual std::string check() const { return {}; } // empty, or what is wrong with the final state
    virtual const QAbstractItemModel *viewed() const { return nullptr; } // what a view would show, and which roles
    virtual std::vector<int> roles() const { return {Qt::DisplayRole}; }
};

struct DiffOnly final : Consumer
{
    SnapshotPtr current;
    SnapshotDiff diff;
    void start(const SnapshotPtr &first) override { current = first; }
    void apply(const SnapshotPtr &next) override
    {
        diff = SnapshotDiff::compute(current.get(), next.get());
        current = next;
    }
};

struct Table final : Consumer
{
    ProcessTableModel model;
    void start(const SnapshotPtr &first) override { model.setSnapshot(first); }
    void apply(const SnapshotPtr &next) override { model.setSnapshot(next); }
    const QAbstractItemModel *viewed() const override { return &model; }
    std::vector<int> roles() const override { return {Qt::DisplayRole, ProcessTableModel::SharingRole, ProcessTableModel::ExitedRole}; }
    std::string check() const override
    {
        int ghosts = 0;
        for (int r = 0; r < model.rowCount(); ++r)
            ghosts += model.index(r, 0).data(ProcessTableModel::ExitedRole).toBool();
        if (model.rowCount() - ghosts != int(model.snapshot()->processes().size()))
            return "table: live rows != processes";
        return {};
    }
};

struct SortedTable final : Consumer
{
    ProcessTableModel model;
    QSortFilterProxyModel proxy;
    int sortColumn = ProcessTableModel::namespaceColumn(NamespaceType::Net);
    SortedTable()
    {
        proxy.setSourceModel(&model);
        proxy.setSortRole(ProcessTableModel::SortRole);
        proxy.setDynamicSortFilter(true);
    }
    void start(const SnapshotPtr &first) override
    {
        model.setSnapshot(first);
        proxy.sort(sortColumn, Qt::AscendingOrder);
    }
    void apply(const SnapshotPtr &next) override { model.setSnapshot(next); }
    const QAbstractItemModel *viewed() const override { return &proxy; }
    std::vector<int> roles() const override { return {Qt::DisplayRole, ProcessTableModel::SharingRole, ProcessTableModel::ExitedRole}; }
    std::string check() const override
    {
        if (proxy.rowCount() != model.rowCount())
            return "proxy: row count differs from the source";
        for (int r = 1; r < proxy.rowCount(); ++r) {
            const quint64 a = proxy.index(r - 1, sortColumn).data(ProcessTableModel::SortRole).toULongLong();
            const quint64 b = proxy.index(r, sortColumn).data(ProcessTableModel::SortRole).toULongLong();
            if (b < a)
                return "proxy: rows out of order at row " + std::to_string(r);
        }
        return {};
    }
};

struct Tree final : Consumer
{
    NamespaceTreeModel model;
    NamespaceTreeModel::Grouping grouping;
    std::vector<NamespaceId> expandNamespaces;
    std::vector<qint32> expandProcesses;
    int expanded = 0;

    explicit Tree(NamespaceTreeModel::Grouping g)
        : grouping(g)
    {
        model.setGrouping(g);
    }
    void expand(const QModelIndex &index)
    {
        if (index.isValid() && model.canFetchMore(index)) {
            model.fetchMore(index);
            ++expanded;
        }
    }
    void start(const SnapshotPtr &first) override
    {
        model.setSnapshot(first);
        // An expanded QTreeView fetches the children of every expanded node.
        for (int r = 0; r < model.rowCount(); ++r)
            expand(model.index(r, 0));
        for (NamespaceId id : expandNamespaces)
            expand(model.findNamespace(id));
        for (qint32 pid : expandProcesses)
            expand(model.findProcess(pid));
    }
    void apply(const SnapshotPtr &next) override { model.setSnapshot(next); }
    const QAbstractItemModel *viewed() const override { return &model; }
    std::vector<int> roles() const override { return {Qt::DisplayRole, NamespaceTreeModel::BoundaryRole}; }
    std::string check() const override
    {
        const Snapshot &s = *model.snapshot();
        if (grouping == NamespaceTreeModel::Grouping::ByType) {
            for (int r = 0; r < model.rowCount(); ++r) {
                const QModelIndex group = model.index(r, 0);
                const auto type = NamespaceType(group.data(NamespaceTreeModel::NamespaceTypeRole).toInt());
                if (model.rowCount(group) != int(s.namespacesOfType(type).size()))
                    return "tree: type group rows != namespaces of the type";
                for (int c = 0; c < model.rowCount(group); ++c) {
                    const QModelIndex ns = model.index(c, 0, group);
                    const NamespaceInfo *n = s.findNamespace(ns.data(NamespaceTreeModel::NamespaceIdRole).toULongLong());
                    if (!n)
                        return "tree: a namespace node for a namespace not in the snapshot";
                    if (model.canFetchMore(ns))
                        continue;
                    int live = 0; // an exited process stays one refresh, marked
                    for (int k = 0; k < model.rowCount(ns); ++k)
                        live += !model.index(k, 0, ns).data(NamespaceTreeModel::ExitedRole).toBool();
                    if (live != int(n->processes.size()))
                        return "tree: expanded namespace's live rows != its processes";
                }
            }
        }
        return {};
    }
};

// What a proxy shows, as text: rows in order, first column, nested.
QString dumpRows(const QAbstractItemModel &m, const QModelIndex &parent = {}, int depth = 0)
{
    QString out;
    for (int r = 0; r < m.rowCount(parent); ++r) {
        const QModelIndex i = m.index(r, 0, parent);
        out += QString(depth, QLatin1Char(' ')) + i.data().toString() + QLatin1Char('\n') + dumpRows(m, i, depth + 1);
    }
    return out;
}

// Filtering kept up to date tick by tick must show what filtering afresh shows.
std::string refilterCheck(ProcessFilter &filter, const QAbstractItemModel &proxy, const char *what)
{
    const QString incremental = dumpRows(proxy);
    filter.setHideHostNoise(!filter.hidesHostNoise()); // two real changes: everything is evaluated anew
    filter.setHideHostNoise(!filter.hidesHostNoise());
    return dumpRows(proxy) == incremental ? std::string() : std::string(what) + ": rows differ from filtering afresh";
}

// The window's filter as it is set up: the search typed in, kernel threads hidden (its default), host noise.
void setUpFilter(ProcessFilter &filter)
{
    filter.setSearch(g_options.search, false);
    filter.setHideKernelThreads(true);
    filter.setHideHostNoise(g_options.hideHost);
}

// The table as the main window shows it: ProcessFilterProxy, sorted by pid, here with a search typed in; the
// filter follows the diff, which the model is given.
struct FilteredTable final : Consumer
{
    ProcessFilter filter;
    ProcessTableModel model;
    ProcessFilterProxy proxy;
    FilteredTable()
    {
        proxy.setSourceModel(&model);
        proxy.setFilter(&filter);
    }
    void start(const SnapshotPtr &first) override
    {
        filter.setSnapshot(first);
        model.setSnapshot(first);
        proxy.sort(int(ProcessTableModel::Column::Pid), Qt::AscendingOrder);
        setUpFilter(filter);
    }
    void apply(const SnapshotPtr &next) override
    {
        const SnapshotDiff diff = SnapshotDiff::compute(model.snapshot().get(), next.get());
        filter.setSnapshot(next, &diff);
        model.setSnapshot(next, diff);
    }
    const QAbstractItemModel *viewed() const override { return &proxy; }
    std::vector<int> roles() const override { return {Qt::DisplayRole, ProcessTableModel::SharingRole, ProcessTableModel::ExitedRole}; }
    std::string check() const override { return refilterCheck(const_cast<ProcessFilter &>(filter), proxy, "table proxy"); }
};

// The tree as the main window shows it: behind ProcessFilterProxy (unsorted), here with a search typed in.
struct FilteredTree final : Consumer
{
    ProcessFilter filter;
    Tree tree{NamespaceTreeModel::Grouping::ByType};
    ProcessFilterProxy proxy;
    FilteredTree()
    {
        proxy.setSourceModel(&tree.model);
        proxy.setSortRole(NamespaceTreeModel::SortRole);
        proxy.setFilter(&filter);
    }
    void start(const SnapshotPtr &first) override
    {
        filter.setSnapshot(first);
        tree.start(first);
        setUpFilter(filter);
    }
    void apply(const SnapshotPtr &next) override
    {
        const SnapshotDiff diff = SnapshotDiff::compute(tree.model.snapshot().get(), next.get());
        filter.setSnapshot(next, &diff);
        tree.model.setSnapshot(next, diff);
    }
    const QAbstractItemModel *viewed() const override { return &proxy; }
    std::vector<int> roles() const override { return tree.roles(); }
    std::string check() const override { return refilterCheck(const_cast<ProcessFilter &>(filter), proxy, "tree proxy"); }
};

// One refresh as the main window applies it: the diff once, the filter, then the table and the tree behind their
// proxies, each told the same diff.
struct Gui final : Consumer
{
    ProcessFilter filter;
    ProcessTableModel table;
    ProcessFilterProxy tableProxy;
    Tree tree{NamespaceTreeModel::Grouping::ByType};
    ProcessFilterProxy treeProxy;
    SnapshotPtr current;
    Gui()
    {
        tableProxy.setSourceModel(&table);
        tableProxy.setFilter(&filter);
        treeProxy.setSourceModel(&tree.model);
        treeProxy.setSortRole(NamespaceTreeModel::SortRole);
        treeProxy.setFilter(&filter);
    }
    void start(const SnapshotPtr &first) override
    {
        current = first;
        filter.setSnapshot(first);
        table.setSnapshot(first);
        tableProxy.sort(int(ProcessTableModel::Column::Pid), Qt::AscendingOrder);
        tree.start(first);
        setUpFilter(filter);
    }
    void apply(const SnapshotPtr &next) override
    {
        const SnapshotDiff diff = SnapshotDiff::compute(current.get(), next.get());
        current = next;
        filter.setSnapshot(next, &diff);
        table.setSnapshot(next, diff);
        tree.model.setSnapshot(next, diff);
    }
};

struct Release final : Consumer
{
    // What dropping the previous snapshot costs: a copy of it (sharing the strings and lists, as snapshots
    // built from the scanner's records do) is made untimed and destroyed timed.
    std::unique_ptr<Snapshot> copy;
    void start(const SnapshotPtr &first) override { copy = std::make_unique<Snapshot>(*first); }
    void apply(const SnapshotPtr &) override { copy.reset(); }
    void prepare(const SnapshotPtr &previous) { copy = std::make_unique<Snapshot>(*previous); }
};

// ------------------------------------------------------------------------------------------------ signal check

// What a view knows of a model: the rows it was told about and the cells it was told to repaint. Kept up to date
// only from the model's signals (rows inserted/removed, dataChanged; a layout change or reset rereads all, as a
// view would), then compared with the model: a cell that differs is one a view would show stale.
class Mirror
{
public:
    Mirror(const QAbstractItemModel &model, std::vector<int> roles)
        : m_model(model)
        , m_roles(std::move(roles))
    {
        reread();
        QObject::connect(&model, &QAbstractItemModel::rowsInserted, &m_context, [this](const QModelIndex &parent, int first, int last) {
            if (MNode *p = find(parent)) {
                std::vector<MNode> rows;
                for (int r = first; r <= last; ++r)
                    rows.push_back(read(m_model.index(r, 0, parent)));
                p->kids.insert(p->kids.begin() + first, std::make_move_iterator(rows.begin()), std::make_move_iterator(rows.end()));
            }
        });
        QObject::connect(&model, &QAbstractItemModel::rowsRemoved, &m_context, [this](const QModelIndex &parent, int first, int last) {
            if (MNode *p = find(parent))
                p->kids.erase(p->kids.begin() + first, p->kids.begin() + last + 1);
        });
        QObject::connect(&model, &QAbstractItemModel::dataChanged, &m_context, [this](const QModelIndex &tl, const QModelIndex &br) {
            if (MNode *p = find(tl.parent())) {
                for (int r = tl.row(); r <= br.row(); ++r) {
                    for (int c = tl.column(); c <= br.column(); ++c)
                        p->kids[std::size_t(r)].cells[std::size_t(c)] = cell(m_model.index(r, c, tl.parent()));
                }
            }
        });
        QObject::connect(&model, &QAbstractItemModel::layoutChanged, &m_context, [this] { reread(); });
        QObject::connect(&model, &QAbstractItemModel::modelReset, &m_context, [this] { reread(); });
        QObject::connect(&model, &QAbstractItemModel::rowsMoved, &m_context, [this] { reread(); });
    }

    // Cells (and rows) that differ from the model now.
    int stale() const { return compare(m_root, {}); }

private:
    struct MNode
    {
        std::vector<QString> cells;
        std::vector<MNode> kids;
    };

    QString cell(const QModelIndex &i) const
    {
        QString out;
        for (int role : m_roles)
            out += i.data(role).toString() + QLatin1Char('|');
        return out;
    }
    MNode read(const QModelIndex &index) const
    {
        MNode n;
        if (index.isValid()) {
            for (int c = 0; c < m_model.columnCount(index.parent()); ++c)
                n.cells.push_back(cell(index.siblingAtColumn(c)));
        }
        for (int r = 0; r < m_model.rowCount(index); ++r) // what is built already; nothing is fetched
            n.kids.push_back(read(m_model.index(r, 0, index)));
        return n;
    }
    void reread() { m_root = read({}); }
    MNode *find(const QModelIndex &index)
    {
        std::vector<int> rows;
        for (QModelIndex i = index; i.isValid(); i = i.parent())
            rows.push_back(i.row());
        MNode *n = &m_root;
        for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
            if (std::size_t(*it) >= n->kids.size())
                return nullptr;
            n = &n->kids[std::size_t(*it)];
        }
        return n;
    }
    int compare(const MNode &n, const QModelIndex &index) const
    {
        int bad = 0;
        if (index.isValid()) {
            for (std::size_t c = 0; c < n.cells.size(); ++c)
                bad += n.cells[c] != cell(index.siblingAtColumn(int(c)));
        }
        const int rows = m_model.rowCount(index);
        if (rows != int(n.kids.size()))
            return bad + std::abs(rows - int(n.kids.size()));
        for (int r = 0; r < rows; ++r)
            bad += compare(n.kids[std::size_t(r)], m_model.index(r, 0, index));
        return bad;
    }

    const QAbstractItemModel &m_model;
    std::vector<int> m_roles;
    MNode m_root;
    QObject m_context;
};

// ------------------------------------------------------------------------------------------------ report

struct Variant
{
    std::string key;
    std::string label;
    std::function<std::unique_ptr<Consumer>()> make;
    std::vector<double> wall;
    std::vector<double> cpu;
};

struct Verdict
{
    std::string what;
    bool pass;
};
std::vector<Verdict> g_verdicts;

void verdict(const std::string &what, double value, double limit)
{
    const bool pass = std::isfinite(value) && value <= limit;
    std::printf("  %-48s %9.2f ms  target <= %g ms  %s\n", what.c_str(), value, limit, pass ? "PASS" : "MISS");
    g_verdicts.push_back({what, pass});
}

[[noreturn]] void usage(int code)
{
    std::fprintf(code ? stderr : stdout,
                 "usage: bench_models [--processes N] [--ticks T] [--repeat R] [--churn FRACTION] [--setns K] [--details K]\n"
                 "                    [--seed S] [--search TEXT] [--show-host] [--select-sets N] [--only KEY,...] [--no-verify]\n"
                 "  synthetic snapshots, no /proc and no root; keys: diff table tree ptree sorted release gtable gtree gui select\n");
    std::exit(code);
}

int intArg(const char *s)
{
    char *end = nullptr;
    const long v = std::strtol(s, &end, 10);
    if (!end || *end || v < 0)
        usage(2);
    return int(v);
}

// (i): the selection's cost in the window, all views attached; a paint of the window is the reference.
void benchSelection(int sets, int picks)
{
    const SnapshotPtr s = testing::realisticHost(sets);
    MainWindow window(s);
    window.resize(1560, 960);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window)) {
        std::printf("(i) select: the window was not shown\n");
        return;
    }
    GraphScene *scene = window.graphWidget()->scene();
    QElapsedTimer waited;
    waited.start();
    while ((scene->isLayoutPending() || scene->isAnimating() || scene->nodeItems().isEmpty()) && waited.elapsed() < 120000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    QTest::qWait(600); // the fit after the layout
    std::vector<double> logic, paint, total, reference;
    const auto &procs = s->processes();
    for (int i = 0; i < picks; ++i) {
        const qint32 pid = procs[(std::size_t(i) * 97 + 13) % procs.size()].pid; // containers of every kind, host processes
        double w0 = wallMs();
        window.grab();
        reference.push_back(wallMs() - w0);
        w0 = wallMs();
        Q_EMIT window.detailsPanel()->processActivated(pid);
        QCoreApplication::processEvents();
        const double w1 = wallMs();
        window.grab();
        const double w2 = wallMs();
        logic.push_back(w1 - w0);
        paint.push_back(w2 - w1);
        total.push_back(w2 - w0);
    }
    std::printf("\n(i) selecting a process in the window, %zu processes in %zu sets, %d picks\n", procs.size(), s->namespaceSets().size(), picks);
    std::printf("  %-48s %10s %10s\n", "", "median ms", "max ms");
    std::printf("  %-48s %10.2f %10.2f\n", "every view follows (selection, Details, graph)", median(logic), maxOf(logic));
    std::printf("  %-48s %10.2f %10.2f\n", "the window painted after it", median(paint), maxOf(paint));
    std::printf("  %-48s %10.2f %10.2f\n", "together", median(total), maxOf(total));
    std::printf("  %-48s %10.2f %10.2f\n", "reference: the window painted, nothing changed", median(reference), maxOf(reference));
    std::printf("  %-48s %10.2f x\n", "together against the reference (median)", median(total) / median(reference));
    verdict("(i) select + paint median", median(total), 50);
    verdict("(i) select + paint max", maxOf(total), 50);
}

} // namespace

int main(int argc, char **argv)
{
    // The window of (i) is shown offscreen unless a platform is asked for.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("nsviz-bench"));
    QStandardPaths::setTestModeEnabled(true); // no settings of a real user read or written
    Options o;
    std::set<std::string> only;
    bool verify = true;
    int selectSets = 2000;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        const bool hasValue = i + 1 < argc;
        if (a == "--processes" && hasValue)
            o.processes = intArg(argv[++i]);
        else if (a == "--ticks" && hasValue)
            o.ticks = std::max(1, intArg(argv[++i]));
        else if (a == "--repeat" && hasValue)
            o.repeat = std::max(1, intArg(argv[++i]));
        else if (a == "--churn" && hasValue)
            o.churn = std::atof(argv[++i]);
        else if (a == "--setns" && hasValue)
            o.setnsPerTick = intArg(argv[++i]);
        else if (a == "--details" && hasValue)
            o.detailsPerTick = intArg(argv[++i]);
        else if (a == "--search" && hasValue)
            o.search = QString::fromLocal8Bit(argv[++i]);
        else if (a == "--show-host")
            o.hideHost = false;
        else if (a == "--select-sets" && hasValue)
            selectSets = intArg(argv[++i]);
        else if (a == "--seed" && hasValue)
            o.seed = unsigned(intArg(argv[++i]));
        else if (a == "--only" && hasValue) {
            std::string list = argv[++i];
            for (std::size_t p = 0; p <= list.size();) {
                const std::size_t q = std::min(list.find(',', p), list.size());
                only.insert(list.substr(p, q - p));
                p = q + 1;
            }
        } else if (a == "--no-verify")
            verify = false;
        else if (a == "-h" || a == "--help")
            usage(0);
        else
            usage(2);
    }

    g_options = o;

    // The sequence, built up front.
    double t0 = wallMs();
    World world(o);
    std::vector<SnapshotPtr> snaps;
    snaps.push_back(world.snapshot());
    for (int t = 0; t < o.ticks; ++t) {
        world.tick();
        snaps.push_back(world.snapshot());
    }
    const double buildMs = wallMs() - t0;
    {
        double added = 0, removed = 0, changed = 0, created = 0, destroyed = 0, membership = 0;
        for (std::size_t i = 1; i < snaps.size(); ++i) {
            const SnapshotDiff d = SnapshotDiff::compute(snaps[i - 1].get(), snaps[i].get());
            added += d.processesAdded.size();
            removed += d.processesRemoved.size();
            changed += d.processesChanged.size();
            created += d.namespacesCreated.size();
            destroyed += d.namespacesDestroyed.size();
            membership += d.membershipChanged.size();
        }
        const double n = double(o.ticks);
        const Snapshot &s0 = *snaps.front();
        std::printf("synthetic host: %zu processes, %zu namespaces, %zu namespace sets; %d ticks built in %.0f ms\n",
                    s0.processes().size(), s0.namespaces().size(), s0.namespaceSets().size(), o.ticks, buildMs);
        std::printf("per tick (mean): %.1f processes added, %.1f removed, %.1f changed (setns, state); %.1f namespaces "
                    "created, %.1f destroyed, %.1f with changed membership\n",
                    added / n, removed / n, changed / n, created / n, destroyed / n, membership / n);
    }

    // What a user expanded: the initial namespaces and the net and pid namespaces of a few sets (ByType);
    // the top level and the inits of a few sets (ProcessTree).
    const auto pinned = world.pinnedSets();
    std::vector<NamespaceId> expandNs(world.hostNamespaces().ids.begin(), world.hostNamespaces().ids.end());
    std::vector<qint32> expandPids;
    for (std::size_t i = 0; i < pinned.size(); ++i) {
        if (int(i) < o.expandedSets) {
            expandNs.push_back(pinned[i].first[NamespaceType::Net]);
            expandNs.push_back(pinned[i].first[NamespaceType::Pid]);
        } else {
            expandPids.push_back(pinned[i].second);
        }
    }

    std::vector<Variant> variants;
    variants.push_back({"diff", "(a) SnapshotDiff::compute", [] { return std::make_unique<DiffOnly>(); }, {}, {}});
    variants.push_back({"table", "(b) ProcessTableModel", [] { return std::make_unique<Table>(); }, {}, {}});
    variants.push_back({"tree", "(c) NamespaceTreeModel ByType", [&] {
                            auto t = std::make_unique<Tree>(NamespaceTreeModel::Grouping::ByType);
                            t->expandNamespaces = expandNs;
                            return t;
                        }, {}, {}});
    variants.push_back({"ptree", "(d) NamespaceTreeModel ProcessTree", [&] {
                            auto t = std::make_unique<Tree>(NamespaceTreeModel::Grouping::ProcessTree);
                            t->expandProcesses = expandPids;
                            return t;
                        }, {}, {}});
    variants.push_back({"sorted", "(e) table + sort proxy (net column)", [] { return std::make_unique<SortedTable>(); }, {}, {}});
    variants.push_back({"release", "    release previous snapshot", [] { return std::make_unique<Release>(); }, {}, {}});
    variants.push_back({"gtable", "(f) GUI table (proxy, by pid)", [] { return std::make_unique<FilteredTable>(); }, {}, {}});
    variants.push_back({"gtree", "(g) GUI tree (proxy over (c))", [&] {
                            auto t = std::make_unique<FilteredTree>();
                            t->tree.expandNamespaces = expandNs;
                            return t;
                        }, {}, {}});
    variants.push_back({"gui", "(h) GUI refresh: diff, filter, (f), (g)", [&] {
                            auto g = std::make_unique<Gui>();
                            g->tree.expandNamespaces = expandNs;
                            return g;
                        }, {}, {}});
    if (!only.empty())
        std::erase_if(variants, [&](const Variant &v) { return !only.count(v.key); });

    std::vector<std::string> problems;
    std::vector<double> tableTicks, treeTicks; // per (repeat, tick), to add (b) and (c) tick by tick
    for (int r = 0; r < o.repeat; ++r) {
        std::vector<std::unique_ptr<Consumer>> consumers;
        for (Variant &v : variants) {
            consumers.push_back(v.make());
            consumers.back()->start(snaps.front());
            if (auto *t = dynamic_cast<Tree *>(consumers.back().get()); t && r == 0)
                std::printf("%s: %d nodes expanded\n", v.label.c_str() + 4, t->expanded);
        }
        for (int t = 1; t <= o.ticks; ++t) {
            for (std::size_t k = 0; k < variants.size(); ++k) {
                const std::size_t i = (k + std::size_t(t + r)) % variants.size(); // rotate who goes first
                if (auto *rel = dynamic_cast<Release *>(consumers[i].get()))
                    rel->prepare(snaps[std::size_t(t - 1)]);
                const double c0 = threadCpuMs();
                const double w0 = wallMs();
                consumers[i]->apply(snaps[std::size_t(t)]);
                const double w1 = wallMs();
                const double c1 = threadCpuMs();
                variants[i].wall.push_back(w1 - w0);
                variants[i].cpu.push_back(c1 - c0);
            }
            QCoreApplication::processEvents(); // nothing should be queued; drain it anyway, untimed
        }
        for (std::size_t i = 0; i < variants.size(); ++i) {
            if (const std::string p = consumers[i]->check(); !p.empty())
                problems.push_back(variants[i].label + ": " + p);
        }
    }

    const Variant *diff = nullptr, *table = nullptr, *tree = nullptr, *sorted = nullptr, *gtable = nullptr, *gtree = nullptr, *gui = nullptr;
    for (const Variant &v : variants) {
        if (v.key == "diff") diff = &v;
        if (v.key == "table") table = &v;
        if (v.key == "tree") tree = &v;
        if (v.key == "sorted") sorted = &v;
        if (v.key == "gtable") gtable = &v;
        if (v.key == "gtree") gtree = &v;
        if (v.key == "gui") gui = &v;
    }
    const double floorMs = diff ? median(diff->wall) : NAN;

    std::printf("\n%d processes, %d ticks x %d repeats, %.0f%% churn and %d setns per tick\n", int(snaps.front()->processes().size()),
                o.ticks, o.repeat, o.churn * 100, o.setnsPerTick);
    std::printf("  %-40s %10s %10s %10s %10s\n", "per tick", "median ms", "max ms", "cpu ms", "x (a)");
    auto row = [&](const std::string &label, const std::vector<double> &wall, const std::vector<double> &cpu) {
        std::printf("  %-40s %10.3f %10.3f %10.3f %10.1f\n", label.c_str(), median(wall), maxOf(wall), median(cpu),
                    median(wall) / floorMs);
    };
    for (const Variant &v : variants)
        row(v.label, v.wall, v.cpu);
    std::vector<double> bc, bcCpu;
    if (table && tree) {
        for (std::size_t i = 0; i < table->wall.size(); ++i) {
            bc.push_back(table->wall[i] + tree->wall[i]);
            bcCpu.push_back(table->cpu[i] + tree->cpu[i]);
        }
        row("(b)+(c) tick by tick", bc, bcCpu);
    }
    std::vector<double> fg, fgCpu;
    if (gtable && gtree) {
        for (std::size_t i = 0; i < gtable->wall.size(); ++i) {
            fg.push_back(gtable->wall[i] + gtree->wall[i]);
            fgCpu.push_back(gtable->cpu[i] + gtree->cpu[i]);
        }
        row("(f)+(g) tick by tick", fg, fgCpu);
    }

    std::printf("\ntargets (GUI thread per tick)\n");
    if (!bc.empty()) {
        verdict("(b)+(c) median", median(bc), 10);
        verdict("(b)+(c) max", maxOf(bc), 10);
    }
    if (sorted) {
        verdict("(e) median", median(sorted->wall), 10);
        verdict("(e) max", maxOf(sorted->wall), 10);
    }
    if (gui) {
        std::printf("  as the main window applies a refresh, search \"%s\", kernel threads%s hidden\n", qPrintable(o.search),
                    o.hideHost ? " and host noise" : "");
        verdict("(h) median", median(gui->wall), 10);
        verdict("(h) max", maxOf(gui->wall), 10);
        std::printf("  %-48s %9.1f x (a)\n", "(h) median against the diff alone", median(gui->wall) / floorMs);
    }
    // Untimed: do the signals tell a view about every change? One pass over the sequence per model.
    if (verify) {
        std::printf("\nafter every tick: do the signals keep a view up to date (a mirror fed only by them, compared with the\n"
                    "model), and does the state check pass (row counts, proxy order)?\n");
        for (Variant &v : variants) {
            std::unique_ptr<Consumer> c = v.make();
            c->start(snaps.front());
            if (!c->viewed())
                continue;
            Mirror mirror(*c->viewed(), c->roles());
            int staleTicks = 0, worst = 0, badTicks = 0;
            std::string firstBad;
            for (int t = 1; t <= o.ticks; ++t) {
                c->apply(snaps[std::size_t(t)]);
                const int stale = mirror.stale();
                staleTicks += stale > 0;
                worst = std::max(worst, stale);
                if (const std::string p = c->check(); !p.empty()) {
                    if (!badTicks++)
                        firstBad = "tick " + std::to_string(t) + ": " + p;
                }
            }
            std::printf("  %-40s %s", v.label.c_str(), staleTicks || badTicks ? "FAIL" : "ok");
            if (staleTicks)
                std::printf("; %d of %d ticks left cells stale (up to %d)", staleTicks, o.ticks, worst);
            if (badTicks)
                std::printf("; state check failed after %d of %d ticks, first %s", badTicks, o.ticks, firstBad.c_str());
            std::printf("\n");
            if (staleTicks)
                problems.push_back(v.label + ": signals miss changes");
            if (badTicks)
                problems.push_back(v.label + ": wrong state after some ticks");
        }
    }
    if (only.empty() || only.count("select"))
        benchSelection(selectSets, 30);
    for (const std::string &p : problems)
        std::printf("CHECK FAILED: %s\n", p.c_str());
    const bool allPass = std::all_of(g_verdicts.begin(), g_verdicts.end(), [](const Verdict &v) { return v.pass; });
    std::printf("\nsummary: %s%s\n", allPass ? "all targets met" : "targets missed",
                problems.empty() ? "" : "; FINAL STATE CHECKS FAILED");
    return problems.empty() ? 0 : 1;
}
