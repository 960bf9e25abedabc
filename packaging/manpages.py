#!/usr/bin/env python3
"""Man pages nsviz(1) and nsviz-probe(1) and the bash completion of both, from one source: the programs' own --help.

Run at build time (packaging/CMakeLists.txt) on the programs just built, so a page or a completion can never
miss an option the program has, nor list one it lost. The prose a --help has no room for (what nsviz is, files,
environment, exit status, examples) is kept here, once.

    manpages.py NSVIZ NSVIZ_PROBE VERSION DATE OUTDIR
writes OUTDIR/nsviz.1, OUTDIR/nsviz-probe.1, OUTDIR/completion/nsviz, OUTDIR/completion/nsviz-probe.
"""
import os
import re
import subprocess
import sys

# Values an option takes that the completion offers; each must be named in the option's own help text, or the
# build fails (the help changed: change this too).
CHOICES = {
    ('export', '--format'): ['png', 'svg', 'pdf', 'dot', 'json'],
    ('export', '--view'): ['graph', 'tree', 'matrix'],
    ('export', '--page'): ['fit', 'a4', 'letter', '16:9'],
}
# Value names that are paths: completed as files (or folders).
FILE_VALUES = {'file', 'file.json', 'recording'}
DIR_VALUES = {'dir'}

SUBCOMMANDS = ['export', 'record', 'demo', 'lesson']
# Verbs of the subcommands that take them, and what their NAME argument completes from ("nsviz demo list").
VERBS = {'demo': ['list', 'run'], 'lesson': ['list', 'run', 'record', 'export']}
NAMES_FROM = {'demo': 'run', 'lesson': 'run record export'}


def run_help(program, args):
    env = dict(os.environ)
    for name in ('DISPLAY', 'WAYLAND_DISPLAY', 'QT_QPA_PLATFORM'):
        env.pop(name, None)  # what the man page shows is what a terminal without a display gets
    env['ASAN_OPTIONS'] = 'detect_leaks=0'
    result = subprocess.run([program] + args, capture_output=True, text=True, env=env, timeout=60)
    if result.returncode != 0:
        sys.exit(f'manpages.py: {program} {" ".join(args)} exited with {result.returncode}: {result.stderr}')
    return result.stdout


def parse_help(text, name):
    """Qt's --help layout: Usage lines, a description, then sections ("Options:") of indented entries."""
    lines = text.rstrip('\n').split('\n')
    usage, description, sections = [], [], {}
    i = 0
    while i < len(lines) and (lines[i].startswith('Usage:') or (usage and lines[i].startswith('       '))):
        usage.append(re.sub(r'^(Usage:\s*)?\S*?(nsviz(-probe)?)\b', r'\2', lines[i].strip()))
        i += 1
    while i < len(lines) and not re.match(r'^[A-Z][A-Za-z ]*:$', lines[i]):
        description.append(lines[i])
        i += 1
    current = None
    for line in lines[i:]:
        header = re.match(r'^([A-Z][A-Za-z ]*):$', line)
        if header:
            current = sections.setdefault(header.group(1), [])
            continue
        if not line.strip() or current is None:
            continue
        entry = re.match(r'^  (\S.*?)(?:\s{2,}(\S.*))?$', line)
        if entry and not line.startswith('   '):
            current.append([entry.group(1), entry.group(2) or ''])
        elif current:
            current[-1][1] = (current[-1][1] + ' ' + line.strip()).strip()
    if not usage:
        sys.exit(f'manpages.py: no Usage line in the help of {name}')
    for entries in sections.values():
        entries[:] = [e for e in entries if e[0] != '--help-all']  # Qt's own options are not nsviz's to document
    return {'usage': usage, 'description': '\n'.join(description).strip(), 'sections': sections}


def options_of(helped):
    """[(names, value, text)]: names like ['-o', '--output'], value like 'file' or None."""
    out = []
    for spec, text in helped['sections'].get('Options', []):
        value = None
        m = re.search(r'\s<([^>]+)>$', spec)
        if m:
            value = m.group(1)
            spec = spec[:m.start()]
        out.append(([n.strip() for n in spec.split(',')], value, text))
    return out


def roff(text):
    text = text.replace('\\', '\\e').replace('-', '\\-')
    return '\n'.join(('\\&' + l if l.startswith(('.', "'")) else l) for l in text.split('\n'))


def roff_options(options):
    out = []
    for names, value, text in options:
        spec = ', '.join(f'\\fB{roff(n)}\\fR' for n in names)
        if value:
            spec += f' \\fI{roff(value)}\\fR'
        out += ['.TP', spec, roff(text)]
    return out


def roff_entries(entries):
    out = []
    for spec, text in entries:
        out += ['.TP', f'\\fB{roff(spec)}\\fR', roff(text)]
    return out


def roff_paragraphs(text):
    out = []
    for para in re.split(r'\n\s*\n', text.strip()):
        out += ['.PP', roff(' '.join(l.strip() for l in para.split('\n')))]
    return out


NSVIZ_DESCRIPTION = """
nsviz shows which processes of a Linux host share which kernel namespaces (cgroup, ipc, mnt, net, pid, time, user
and uts) and keeps the picture current as processes and containers come and go. To the kernel, a container is a set
of namespaces that some processes share: nsviz draws those sets as a graph, and lists them as a tree (by type, by
user or pid namespace hierarchy, by container, or as the process tree), a process table and a sharing matrix.

Run as a normal user it shows what that user may read, and says how much it cannot; File > Full view runs
nsviz-probe(1) as root through polkit for the whole host. A saved snapshot or a recording opens read-only;
the timeline goes back through what the live view has seen.

The commands below work without a display.
"""

PROBE_DESCRIPTION = """
nsviz-probe reads /proc and the namespace files of every process it may read and prints what processes share which
namespaces as nsviz snapshot JSON: once, or one snapshot per line as a stream. It only reads: it creates, changes and
ends nothing. nsviz(1) runs it under pkexec for the full view of the host, and it serves scripts and remote hosts
alike.
"""

NSVIZ_SECTIONS = [
    ('FILES', """
\\fI~/.config/nsviz/nsviz.conf\\fR: the window's settings (layout, history size, last folder).

\\fI*.nsvizrec\\fR: recordings (File > Record, \\fBnsviz record\\fR): a snapshot, then the differences, each with its
time, gzip-compressed. Snapshots are JSON files (schema nsviz-snapshot, version 1).
"""),
    ('ENVIRONMENT', """
\\fBDISPLAY\\fR, \\fBWAYLAND_DISPLAY\\fR: the display the window opens on; without either, only the commands that need
none run. \\fBQT_QPA_PLATFORM\\fR=offscreen runs the window with no display at all.
"""),
    ('EXIT STATUS', """
0 when done; 1 when what was asked could not be done (an unusable snapshot, no display for the window); 2 for a
usage error.
"""),
    ('EXAMPLES', """
\\fBnsviz\\fR: the live host.

\\fBnsviz export \\-o host.svg \\-\\-hide\\-host\\fR: the containers of the live host as an SVG picture.

\\fBnsviz record \\-o class.nsvizrec \\-\\-for 60\\fR, then \\fBnsviz class.nsvizrec\\fR: a minute of the host, replayed.

\\fBsudo nsviz lesson run web-servers\\fR: a guided lesson in the terminal.
"""),
    ('SEE ALSO', """
\\fBnsviz\\-probe\\fR(1), \\fBlsns\\fR(8), \\fBunshare\\fR(1), \\fBnsenter\\fR(1), \\fBip\\-netns\\fR(8), \\fBnamespaces\\fR(7)
"""),
]

PROBE_SECTIONS = [
    ('EXIT STATUS', """
0 when done; 1 when the proc tree cannot be read or the output cannot be written; 2 for a usage error.
"""),
    ('EXAMPLES', """
\\fBnsviz\\-probe > host.json\\fR, then \\fBnsviz host.json\\fR on another machine.

\\fBsudo nsviz\\-probe \\-\\-stream \\-\\-interval 2000\\fR: the whole host every two seconds, one JSON line each.
"""),
    ('SEE ALSO', """
\\fBnsviz\\fR(1), \\fBlsns\\fR(8), \\fBnamespaces\\fR(7)
"""),
]


def raw_paragraphs(text):
    out = []
    for para in re.split(r'\n\s*\n', text.strip()):
        out += ['.PP', ' '.join(l.strip() for l in para.split('\n'))]
    return out


def page(name, summary, version, date, helped, description, subcommands, sections):
    out = [f'.\\" Generated by packaging/manpages.py from {name} --help; edit the program or the script, not this.',
           f'.TH {name.upper()} 1 "{date}" "nsviz {version}" "User Commands"', '.SH NAME', f'{roff(name)} \\- {roff(summary)}',
           '.SH SYNOPSIS']
    for i, usage in enumerate(helped['usage'] + [u for _, h in subcommands for u in h['usage']]):
        if i:
            out.append('.br')
        words = usage.split(' ')
        head = 2 if len(words) > 1 and words[1] in SUBCOMMANDS else 1
        out.append(f'\\fB{roff(" ".join(words[:head]))}\\fR {roff(" ".join(words[head:]))}'.rstrip())
    out.append('.SH DESCRIPTION')
    out += roff_paragraphs(description)
    out.append('.SH OPTIONS')
    out += roff_options(options_of(helped))
    for title, entries in helped['sections'].items():
        if title not in ('Options',):
            out.append(f'.SH {title.upper()}')
            out += roff_entries(entries)
    if subcommands:
        out.append('.SH COMMANDS')
        for sub, h in subcommands:
            out.append(f'.SS nsviz {sub}')
            out += roff_paragraphs(h['description'])
            for title, entries in h['sections'].items():
                if title == 'Options':
                    out += roff_options(options_of(h))
                else:
                    out += ['.PP', f'\\fI{roff(title)}:\\fR'] + roff_entries(entries)
    for title, text in sections:
        out.append(f'.SH {title}')
        out += raw_paragraphs(text)
    return '\n'.join(out) + '\n'


def check_choices(sub, options):
    for (s, option), words in CHOICES.items():
        if s != sub:
            continue
        text = next((t for names, _, t in options if option in names), None)
        if text is None:
            sys.exit(f'manpages.py: nsviz {sub} has no {option} any more')
        for w in words:
            if w not in text:
                sys.exit(f'manpages.py: nsviz {sub} {option} no longer names "{w}" in its help')


def completion_case(options, choices_for):
    """Bash lines completing the value of the previous word, then options; $cur and $prev are set."""
    lines = ['        case "$prev" in']
    for names, value, _ in options:
        if not value:
            continue
        pattern = '|'.join(names)
        words = choices_for(names)
        if words:
            lines.append(f'            {pattern}) COMPREPLY=($(compgen -W "{" ".join(words)}" -- "$cur")); return ;;')
        elif value in FILE_VALUES:
            lines.append(f'            {pattern}) COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null; return ;;')
        elif value in DIR_VALUES:
            lines.append(f'            {pattern}) COMPREPLY=($(compgen -d -- "$cur")); compopt -o filenames 2>/dev/null; return ;;')
        else:
            lines.append(f'            {pattern}) return ;;')  # a number or free text: nothing to offer
    lines.append('        esac')
    flat = ' '.join(n for names, _, _ in options for n in names)
    lines.append(f'        if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W "{flat}" -- "$cur")); return; fi')
    return lines


def nsviz_completion(main, subs):
    out = ['# bash completion for nsviz. Generated by packaging/manpages.py from the --help of each command.',
           '_nsviz()', '{', '    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}', '    COMPREPLY=()',
           '    local sub=', '    ((COMP_CWORD > 1)) && sub=${COMP_WORDS[1]}',
           '    case "$sub" in']
    for sub, helped in subs:
        options = options_of(helped)
        out.append(f'    {sub})')
        out += completion_case(options, lambda names, s=sub: next((w for (cs, o), w in CHOICES.items() if cs == s and o in names), None))
        if sub in VERBS:
            out.append('        if [[ $COMP_CWORD -eq 2 ]]; then')
            out.append(f'            COMPREPLY=($(compgen -W "{" ".join(VERBS[sub])}" -- "$cur")); return')
            out.append('        fi')
            out.append(f'        case "${{COMP_WORDS[2]}}" in {NAMES_FROM[sub].replace(" ", "|")})')
            out.append('            if [[ $COMP_CWORD -eq 3 ]]; then')
            out.append(f'                COMPREPLY=($(compgen -W "$("${{COMP_WORDS[0]}}" {sub} list 2>/dev/null | cut -d" " -f1)" -- "$cur"))')
            out.append('            fi ;;')
            out.append('        esac')
        out.append('        return ;;')
    out.append('    esac')
    out += ['    ' + l[4:] if l.startswith('        ') else l for l in completion_case(options_of(main), lambda names: None)]
    out.append(f'    if [[ $COMP_CWORD -eq 1 ]]; then COMPREPLY=($(compgen -W "{" ".join(SUBCOMMANDS)}" -- "$cur")); fi')
    out.append('    COMPREPLY+=($(compgen -f -X "!*.@(json|nsvizrec)" -- "$cur") $(compgen -d -- "$cur"))')
    out.append('    compopt -o filenames 2>/dev/null')
    out += ['}', 'complete -F _nsviz nsviz']
    return '\n'.join(out) + '\n'


def probe_completion(probe):
    out = ['# bash completion for nsviz-probe. Generated by packaging/manpages.py from nsviz-probe --help.',
           '_nsviz_probe()', '{', '    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}', '    COMPREPLY=()']
    out += ['    ' + l[8:] for l in completion_case(options_of(probe), lambda names: None)]
    out += ['}', 'complete -F _nsviz_probe nsviz-probe']
    return '\n'.join(out) + '\n'


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + '.new', 'w', encoding='utf-8') as f:
        f.write(text)
    os.replace(path + '.new', path)


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    nsviz, probe_program, version, date, outdir = sys.argv[1:]
    main_help = parse_help(run_help(nsviz, ['--help']), 'nsviz')
    subs = []
    for sub in SUBCOMMANDS:
        h = parse_help(run_help(nsviz, [sub, '--help']), f'nsviz {sub}')
        check_choices(sub, options_of(h))
        subs.append((sub, h))
    probe = parse_help(run_help(probe_program, ['--help']), 'nsviz-probe')
    # The main help's own list of commands is the COMMANDS section of the page, in full.
    description = NSVIZ_DESCRIPTION
    write(os.path.join(outdir, 'nsviz.1'),
          page('nsviz', 'see which processes share which kernel namespaces, live', version, date, main_help, description, subs, NSVIZ_SECTIONS))
    write(os.path.join(outdir, 'nsviz-probe.1'),
          page('nsviz-probe', 'print which processes share which kernel namespaces as JSON', version, date, probe, PROBE_DESCRIPTION, [], PROBE_SECTIONS))
    write(os.path.join(outdir, 'completion', 'nsviz'), nsviz_completion(main_help, subs))
    write(os.path.join(outdir, 'completion', 'nsviz-probe'), probe_completion(probe))


if __name__ == '__main__':
    main()
