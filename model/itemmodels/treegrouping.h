#pragma once

// How the namespace tree hangs a snapshot's namespaces and processes: one Grouper per grouping, each saying what is
// at the top, what each node holds and the path from the top down to an item. NamespaceTreeModel keeps the nodes a
// view has opened and merges each snapshot into them; the grouper decides the shape.
//  ByType         type -> namespace -> member processes
//  UserHierarchy  user namespace -> child user namespaces and the namespaces it owns -> member processes
//  PidHierarchy   pid namespace -> child pid namespaces and its processes (with their pid inside)
//  ProcessTree    process -> child processes
//  NamespaceSets  "containers": each set of processes that share all eight namespaces -> its processes

#include "snapshot/snapshot.h"

#include <QHash>

#include <memory>
#include <vector>

namespace nsviz::tree {

enum class Grouping { ByType, UserHierarchy, PidHierarchy, ProcessTree, NamespaceSets };
enum class Kind { Root, TypeGroup, Namespace, Process, Set };

struct Key
{
    Kind kind = Kind::Root;
    quint64 value = 0; // type, namespace id, pid, or the key of a namespace set
    friend bool operator==(const Key &, const Key &) = default;
    friend auto operator<=>(const Key &, const Key &) = default;
    friend size_t qHash(const Key &k, size_t seed = 0) { return qHashMulti(seed, int(k.kind), k.value); }
};

inline Key namespaceKey(NamespaceId id) { return {Kind::Namespace, id}; }
inline Key processKey(qint32 pid) { return {Kind::Process, quint64(pid)}; }
inline Key typeKey(NamespaceType type) { return {Kind::TypeGroup, quint64(type)}; }

class Grouper
{
public:
    static std::unique_ptr<Grouper> make(Grouping grouping);
    virtual ~Grouper() = default;
    virtual Grouping grouping() const = 0;

    // Where everything of this snapshot hangs (nothing before the first call, or for nullptr).
    void rebuild(SnapshotPtr snapshot);
    const std::vector<Key> &topLevel() const { return m_topLevel; }
    // What a node holds, in Key order: namespaces (sorted) before processes (sorted).
    std::vector<Key> children(const Key &key) const;
    bool hasChildren(const Key &key) const;
    // From a top-level key down to target (included), as `snapshot` (the current one or the one before) has it;
    // empty where this grouping does not show the target.
    virtual std::vector<Key> pathTo(const Snapshot &snapshot, const Key &target) const = 0;

    // NamespaceSets: a set's key is a hash of its eight ids, the same for the same set in every snapshot, so its
    // node (and expansion) lasts as long as the set; a set of the previous snapshot keeps the hash it had.
    const NamespaceSetGroup *setGroup(quint64 key) const;
    quint64 setKey(const NamespaceSet &set) const;

protected:
    virtual void index(const Snapshot &snapshot) = 0;

    SnapshotPtr m_snapshot;
    std::vector<Key> m_topLevel;
    QHash<quint64, std::vector<Key>> m_namespaceChildren; // hierarchies: namespace id -> child namespaces
    QHash<qint32, std::vector<Key>> m_processChildren;    // ProcessTree: pid -> child processes
    QHash<quint64, int> m_setIndex;                        // NamespaceSets: set key -> index in namespaceSets()
    QHash<NamespaceSet, quint64> m_setKeys;                // NamespaceSets: the key of each set
};

} // namespace nsviz::tree
