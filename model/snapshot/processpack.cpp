#include "processpack.h"

#include <functional>

namespace nsviz {

namespace {

class Writer
{
public:
    explicit Writer(QByteArray &out) : m_out(out) {}
    void number(quint64 v)
    {
        while (v >= 0x80) {
            m_out.append(char(v | 0x80));
            v >>= 7;
        }
        m_out.append(char(v));
    }
    void signedNumber(qint64 v) { number((quint64(v) << 1) ^ quint64(v >> 63)); }
    void text(const QString &s)
    {
        const QByteArray utf8 = s.toUtf8();
        number(quint64(utf8.size()));
        m_out.append(utf8);
    }
    void optional(const std::optional<NamespaceId> &id)
    {
        number(id ? 1 : 0);
        if (id)
            number(*id);
    }
    void namespaces(const TaskNamespaces &n)
    {
        for (NamespaceId id : n.set.ids)
            number(id);
        optional(n.pidForChildren);
        optional(n.timeForChildren);
    }

private:
    QByteArray &m_out;
};

class Reader
{
public:
    explicit Reader(const QByteArray &in, qsizetype from = 0) : m_p(in.constData() + from), m_end(in.constData() + in.size()) {}
    Reader(const char *begin, const char *end) : m_p(begin), m_end(end) {}
    const char *position() const { return m_p; }
    void skip(quint64 bytes)
    {
        if (bytes > quint64(m_end - m_p))
            fail();
        else
            m_p += bytes;
    }
    bool atEnd() const { return m_p == m_end; }
    bool ok() const { return m_ok; }
    quint64 number()
    {
        quint64 v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (m_p == m_end)
                return fail();
            const auto byte = quint8(*m_p++);
            v |= quint64(byte & 0x7f) << shift;
            if (!(byte & 0x80))
                return v;
        }
        return fail();
    }
    qint64 signedNumber()
    {
        const quint64 v = number();
        return qint64(v >> 1) ^ -qint64(v & 1);
    }
    QString text()
    {
        const quint64 size = number();
        if (!m_ok || size > quint64(m_end - m_p)) {
            fail();
            return {};
        }
        const QString s = QString::fromUtf8(m_p, qsizetype(size));
        m_p += size;
        return s;
    }
    std::optional<NamespaceId> optional()
    {
        const quint64 there = number();
        if (there > 1)
            fail();
        if (there != 1)
            return std::nullopt;
        return number();
    }
    bool flag()
    {
        const quint64 v = number();
        if (v > 1)
            fail();
        return v == 1;
    }
    void namespaces(TaskNamespaces &n)
    {
        for (NamespaceId &id : n.set.ids)
            id = number();
        n.pidForChildren = optional();
        n.timeForChildren = optional();
    }
    // A count of things that each take at least a byte: never more than the bytes left.
    qsizetype count()
    {
        const quint64 n = number();
        if (n > quint64(m_end - m_p))
            return qsizetype(fail());
        return qsizetype(n);
    }

private:
    quint64 fail()
    {
        m_ok = false;
        m_p = m_end;
        return 0;
    }
    const char *m_p;
    const char *m_end;
    bool m_ok = true;
};

} // namespace

namespace {

void packBody(Writer &w, const ProcessInfo &p)
{
    w.signedNumber(qint64(p.ppid) - p.pid); // near each other, mostly
    w.signedNumber(qint64(p.tgid) - p.pid);
    w.text(p.comm);
    w.number(quint64(p.cmdline.size()));
    for (const QString &a : p.cmdline)
        w.text(a);
    w.number(p.uid);
    w.text(p.state);
    w.number(p.startTime);
    w.number(quint64(p.nspid.size()));
    for (qint32 n : p.nspid)
        w.signedNumber(n);
    w.namespaces(p.namespaces);
    w.number(quint64(p.threadsInOtherNamespaces.size()));
    for (const ThreadNamespaces &t : p.threadsInOtherNamespaces) {
        w.signedNumber(t.tid);
        w.namespaces(t.namespaces);
    }
    w.number(p.container ? 1 : 0);
    if (p.container) {
        w.text(p.container->engine);
        w.text(p.container->id);
        w.text(p.container->name);
    }
}

// The body of the record of `pid`: exactly its bytes, or it is damaged.
bool unpackBody(Reader r, qint32 pid, ProcessInfo &p)
{
    p.pid = pid;
    p.ppid = qint32(r.signedNumber() + p.pid);
    p.tgid = qint32(r.signedNumber() + p.pid);
    p.comm = r.text();
    const qsizetype args = r.count();
    p.cmdline.reserve(args);
    for (qsizetype i = 0; i < args && r.ok(); ++i)
        p.cmdline.append(r.text());
    p.uid = quint32(r.number());
    p.state = r.text();
    p.startTime = r.number();
    const qsizetype levels = r.count();
    for (qsizetype i = 0; i < levels && r.ok(); ++i)
        p.nspid.append(qint32(r.signedNumber()));
    r.namespaces(p.namespaces);
    const qsizetype threads = r.count();
    for (qsizetype i = 0; i < threads && r.ok(); ++i) {
        ThreadNamespaces t;
        t.tid = qint32(r.signedNumber());
        r.namespaces(t.namespaces);
        p.threadsInOtherNamespaces.append(t);
    }
    if (r.flag()) {
        ContainerLabel c;
        c.engine = r.text();
        c.id = r.text();
        c.name = r.text();
        p.container = c;
    }
    return r.ok() && r.atEnd();
}

// The record at the reader: its pid, and a reader of its body alone; false where it is damaged.
bool nextRecord(Reader &r, qint32 *pid, Reader *body)
{
    *pid = qint32(r.signedNumber());
    const quint64 length = r.number();
    const char *begin = r.position();
    r.skip(length);
    if (!r.ok())
        return false;
    *body = Reader(begin, begin + length);
    return true;
}

} // namespace

QByteArray packProcesses(const std::vector<ProcessInfo> &processes)
{
    QByteArray out, body;
    out.reserve(qsizetype(processes.size()) * 160);
    Writer w(out);
    for (const ProcessInfo &p : processes) {
        body.clear();
        Writer b(body);
        packBody(b, p);
        w.signedNumber(p.pid);
        w.number(quint64(body.size()));
        out.append(body);
    }
    out.squeeze();
    return out;
}

bool unpackProcesses(const QByteArray &bytes, const std::function<void(ProcessInfo &&)> &take)
{
    Reader r(bytes);
    while (!r.atEnd()) {
        qint32 pid = 0;
        Reader body(nullptr, nullptr);
        ProcessInfo p;
        if (!nextRecord(r, &pid, &body) || !unpackBody(body, pid, p))
            return false;
        take(std::move(p));
    }
    return true;
}

bool visitPackedProcesses(const QByteArray &bytes, const std::function<void(qint32 pid, qsizetype offset)> &visit)
{
    Reader r(bytes);
    while (!r.atEnd()) {
        const qsizetype offset = r.position() - bytes.constData();
        qint32 pid = 0;
        Reader body(nullptr, nullptr);
        if (!nextRecord(r, &pid, &body))
            return false;
        visit(pid, offset);
    }
    return true;
}

bool unpackProcessAt(const QByteArray &bytes, qsizetype offset, ProcessInfo *out)
{
    if (offset < 0 || offset >= bytes.size())
        return false;
    Reader r(bytes, offset);
    qint32 pid = 0;
    Reader body(nullptr, nullptr);
    *out = ProcessInfo();
    return nextRecord(r, &pid, &body) && unpackBody(body, pid, *out);
}

} // namespace nsviz
