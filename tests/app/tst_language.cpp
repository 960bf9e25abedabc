// A language ships by adding translations/nsviz_LANG.ts: lrelease compiles it, app/translations.h loads it for the
// user's locale, and the window and the lessons speak it. No language ships yet, so this suite makes one: the
// template with every (singular) text translated as «text», compiled with the build's own lrelease.
#include "guitestmain.h"

#include "mainwindow.h"
#include "translations.h"

#include "lessons/lesson.h"

#include <QFile>
#include <QMenuBar>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace nsviz;

class TestLanguage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void noLanguageShipsYet()
    {
        // English is the source text: nothing to load, and nothing of Qt's either.
        QVERIFY(installTranslations(QLocale(QStringLiteral("eo"))).isEmpty());
        QCOMPARE(QCoreApplication::translate("nsviz::LessonPanel", "Start lesson"), QStringLiteral("Start lesson"));
    }

    void aLanguageIsCompiledAndSpoken()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile in(QStringLiteral(NSVIZ_TS_TEMPLATE));
        QVERIFY(in.open(QIODevice::ReadOnly));
        QString ts = QString::fromUtf8(in.readAll());
        ts.replace(QStringLiteral("<TS version=\"2.1\">"), QStringLiteral("<TS version=\"2.1\" language=\"eo\">"));
        static const QRegularExpression message(QStringLiteral("<message>\\s*<source>(.*?)</source>\\s*<translation type=\"unfinished\"></translation>"),
                                                QRegularExpression::DotMatchesEverythingOption);
        int translated = 0;
        QString out;
        qsizetype at = 0;
        for (QRegularExpressionMatchIterator it = message.globalMatch(ts); it.hasNext();) {
            const QRegularExpressionMatch m = it.next();
            out += ts.mid(at, m.capturedStart() - at);
            out += QStringLiteral("<message>\n        <source>%1</source>\n        <translation>«%1»</translation>").arg(m.captured(1));
            at = m.capturedEnd();
            ++translated;
        }
        out += ts.mid(at);
        QVERIFY(translated > 500);
        const QString source = dir.filePath(QStringLiteral("nsviz_eo.ts")), compiled = dir.filePath(QStringLiteral("nsviz_eo.qm"));
        QFile f(source);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(out.toUtf8());
        f.close();
        QProcess lrelease;
        lrelease.start(QStringLiteral(NSVIZ_LRELEASE), {source, QStringLiteral("-qm"), compiled});
        QVERIFY(lrelease.waitForFinished(60000));
        QVERIFY2(lrelease.exitCode() == 0, lrelease.readAllStandardError().constData());

        const QStringList loaded = installTranslations(QLocale(QStringLiteral("eo")), dir.path());
        QVERIFY2(loaded.contains(QStringLiteral("nsviz_eo")), qPrintable(loaded.join(u',')));
        // The window's texts, a panel's, the lessons' (from resources, through the lupdate stub) and the guide's.
        QCOMPARE(QCoreApplication::translate("nsviz::LessonPanel", "Start lesson"), QStringLiteral("«Start lesson»"));
        MainWindow window(std::make_shared<Snapshot>());
        QCOMPARE(window.menuBar()->actions().value(0)->text(), QStringLiteral("«&File»"));
        const std::optional<Lesson> lesson = findLesson(QStringLiteral("web-servers"));
        QVERIFY(lesson);
        QVERIFY2(lesson->title.startsWith(QStringLiteral("«")), qPrintable(lesson->title));
    }
};

int main(int argc, char **argv)
{
    return nsviz::testing::runGuiTest<TestLanguage>(argc, argv, "tst_language");
}
#include "tst_language.moc"
