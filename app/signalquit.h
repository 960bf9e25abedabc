#pragma once

#include <QSocketNotifier>

#include <functional>
#include <memory>

namespace nsviz {

// Turns SIGINT, SIGTERM and SIGHUP into a call on the event loop (through a socketpair the handler writes to), so
// the program ends in order: destructors stop demo containers, the window saves its settings. One at a time;
// the default handlers are back when it is destroyed.
class SignalQuit
{
public:
    explicit SignalQuit(std::function<void()> onSignal);
    ~SignalQuit();
    SignalQuit(const SignalQuit &) = delete;
    SignalQuit &operator=(const SignalQuit &) = delete;

    bool isValid() const { return m_fds[0] >= 0; }
    int signal() const { return m_signal; } // the signal that came, 0 while none did

private:
    int m_fds[2] = {-1, -1};
    int m_signal = 0;
    std::unique_ptr<QSocketNotifier> m_notifier;
};

} // namespace nsviz
