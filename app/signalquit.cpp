#include "signalquit.h"

#include <csignal>

#include <sys/socket.h>
#include <unistd.h>

namespace nsviz {

namespace {

int g_signalFd = -1; // written by the handler, which may do nothing but async-signal-safe calls

void onSignal(int sig)
{
    const char c = char(sig);
    [[maybe_unused]] const ssize_t n = ::write(g_signalFd, &c, 1);
}

constexpr int handled[] = {SIGINT, SIGTERM, SIGHUP};

} // namespace

SignalQuit::SignalQuit(std::function<void()> onSignalCallback)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, m_fds) != 0) {
        m_fds[0] = m_fds[1] = -1;
        return;
    }
    g_signalFd = m_fds[1];
    struct sigaction sa = {};
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    for (int sig : handled)
        ::sigaction(sig, &sa, nullptr);
    m_notifier = std::make_unique<QSocketNotifier>(m_fds[0], QSocketNotifier::Read);
    QObject::connect(m_notifier.get(), &QSocketNotifier::activated, [this, callback = std::move(onSignalCallback)] {
        char c = 0;
        if (::read(m_fds[0], &c, 1) == 1 && !m_signal) {
            m_signal = c;
            callback();
        }
    });
}

SignalQuit::~SignalQuit()
{
    if (!isValid())
        return;
    for (int sig : handled)
        ::signal(sig, SIG_DFL);
    m_notifier.reset();
    g_signalFd = -1;
    ::close(m_fds[0]);
    ::close(m_fds[1]);
}

} // namespace nsviz
