#!/usr/bin/env bash
# Moves the application's flat packages (port.in, port.out, service) and adapters-queue's flat
# package into packages by feature (issue 17, point 5). Run it at the root of any checkout
# derived from main, on a clean work tree:
#
#   scripts/dev/feature-packages.sh            # move, rewrite, print what it left alone
#   scripts/dev/feature-packages.sh --dry-run  # print the plan only, touch nothing
#
# Deterministic and re-runnable: classes already moved are not found in the old packages any
# more, references already rewritten no longer match, imports are added only when missing.
#
# What it does, in order:
#  1. git mv each class named in MAPPING below from its old flat package to its feature package
#     (any module, main and test; a test class <Name>Test/<Name>IT follows <Name>);
#  2. rewrites the package line of each moved file and every fully qualified reference to a moved
#     class (imports, static imports, FQNs in code, JTE templates, resources such as
#     META-INF/services or reflection configs) in every tracked text file;
#  3. adds the imports that a class in an old flat package now needs because a class it used
#     without import (same package) landed in another package;
#  4. makes package-private the classes listed in PACKAGE_PRIVATE (nothing outside their feature
#     package needs them), and applies the FIXUPS (members now used across packages);
#  5. prints every class it found in an old package but not in MAPPING: those stay where they
#     are; add them to MAPPING and run again.
#
# Needs: git, python3 (3.8+). Then: ./mvnw -B -ntp -o -q verify -DskipTests
set -euo pipefail

DRY_RUN=0
[ "${1:-}" = "--dry-run" ] && DRY_RUN=1

if [ ! -f pom.xml ] || [ ! -d application ] || ! git rev-parse --git-dir >/dev/null 2>&1; then
  echo "feature-packages: run me at the root of a Ruleworks checkout" >&2
  exit 2
fi

export DRY_RUN
exec python3 - <<'PYTHON'
import os, re, subprocess, sys

DRY_RUN = os.environ.get("DRY_RUN") == "1"

# ---------------------------------------------------------------------------------------------
# MAPPING: old flat package -> { new package -> [class simple names] }.
# A class not listed here stays in its old package and is printed at the end.
# ---------------------------------------------------------------------------------------------
A = "io.ruleworks.application"
Q = "io.ruleworks.adapter.queue"
MAPPING = {
    A + ".port.in": {
        "access":     "AuthenticateUseCase IssueApiKeyUseCase",
        "catalog":    "DescribeAutomationUseCase",
        "rule":       "CreateRuleUseCase GetRuleUseCase ListRulesUseCase UpdateRuleUseCase DeleteRuleUseCase "
                      "RuleDetails BulkUpdateRuleStatusUseCase BulkExecuteRulesUseCase BulkItemResult",
        "execution":  "ExecuteRuleUseCase GetExecutionUseCase ListExecutionsUseCase ListChildExecutionsUseCase "
                      "CancelExecutionUseCase RetryExecutionUseCase RunExecutionUseCase PurgeExecutionsUseCase",
        "template":   "CreateTemplateUseCase GetTemplateUseCase ListTemplatesUseCase UseTemplateUseCase",
        "statistics": "GetAutomationStatisticsUseCase GetPerformanceMetricsUseCase FoldStatisticsUseCase",
        "event":      "IngestEventUseCase PruneEventsUseCase RelayEventsUseCase",
        "hook":       "ReceiveHookUseCase RotateHookSecretUseCase PruneHookDeliveriesUseCase",
        # the use cases the tickers of adapters-queue drive
        "trigger":    "FireSchedulesUseCase FireEventWindowsUseCase PollConditionsUseCase",
    },
    A + ".port.out": {
        "access":      "ApiKeyStore TenantRepository",
        "rule":        "AutomationRuleRepository RuleVersion",
        "execution":   "AutomationExecutionRepository ExecutionHistory ExecutionArchive",
        # the execution queue: intake, claims, progress saves, wake-ups
        "queue":       "ExecutionQueue ExecutionIntake ExecutionClaims ExecutionProgress WorkSignal",
        "action":      "ActionRunner ActionFailedException PsaGateway PsaFailureException TargetDatabase SecretStore",
        "template":    "AutomationTemplateRepository",
        "statistics":  "AutomationStatisticsReader StatisticsRollup",
        "event":       "EventStore Outbox EventPublisher",
        "hook":        "HookStore",
        "trigger":     "ScheduleStore ConditionPollStore",
        "transaction": "Transactions",
    },
    A + ".service": {
        "access":     "ApiKeyService",
        "catalog":    "CatalogService",
        "rule":       "RuleService BulkRuleService",
        "execution":  "ExecutionService DryRunner ExecutionInputs RuleCache EngineSettings "
                      "TransactionalExecutionIntake TransactionalExecutionProgress ExecutionRetention "
                      "ExecutionRunner ExecutionNotifier WorkflowLauncher "
                      # the runner's parts on branch i17-runners (a mapped class that is absent is ignored)
                      "ActionAttempts ActionConfigRenderer ActionOutcome ActionRunners ExecutionDeadlinePassed "
                      "LeasedWriter WorkflowExecutionRunner",
        "template":   "TemplateService",
        "statistics": "StatisticsService StatisticsFolding",
        # schedules, inbound hooks, events (ingest, windows, the outbox relay feeding them), condition polling
        "trigger":    "ScheduleService HookService EventService EventRetention OutboxRelay ConditionPollingService",
    },
    Q: {
        "dispatch": "QueueDispatcher SignallingExecutionQueue",
        "tick":     "Ticker Tickers ScheduleTicker EventWindowTicker ConditionPollTicker",
        "outbox":   "OutboxRelayScheduler LoggingEventPublisher",
    },
}

# Classes nothing outside their feature package needs: `public` is dropped from their declaration.
# Every other class of service.* stays public because bootstrap's CoreFactory/EngineFactory create
# it with `new`; the Micronaut beans of adapters-queue are created by generated code in their own
# package, so only QueueDispatcher (reached by a bootstrap test) stays public there.
PACKAGE_PRIVATE = [
    "TransactionalExecutionIntake", "TransactionalExecutionProgress",
    "SignallingExecutionQueue", "LoggingEventPublisher", "OutboxRelayScheduler",
    "ScheduleTicker", "EventWindowTicker", "ConditionPollTicker",
]

# Members a class of another package now reads: (class, what to find, what it becomes, why).
# A fix-up whose text is found neither before nor after is printed: check it by hand.
FIXUPS = [
    ("RuleService", "    static final String RULE = ", "    public static final String RULE = ",
     "RuleService.RULE is read by ExecutionService, HookService and TemplateService"),
]

TEXT_SUFFIXES = (".java", ".jte", ".kte", ".kt", ".groovy", ".xml", ".json", ".properties", ".yml", ".yaml",
                 ".factories", ".imports")


def git(*args):
    done = subprocess.run(["git", *args], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"feature-packages: git {args[0]} failed: {done.stderr.strip()}")
    return done.stdout


def src_root_and_package(path):
    """(source root, package) of a .java file under .../src/<set>/java/, else None."""
    m = re.match(r"^(.*?/src/[^/]+/java)/(.+)/[^/]+\.java$", path)
    return (m.group(1), m.group(2).replace("/", ".")) if m else None


tracked = [p for p in git("ls-files", "-z").split("\0") if p]
java = [p for p in tracked if p.endswith(".java")]

# simple name -> new package, per old package
target = {old: {} for old in MAPPING}
for old, features in MAPPING.items():
    for feature, names in features.items():
        for name in names.split():
            if name in target[old]:
                sys.exit(f"feature-packages: {name} is mapped twice in {old}")
            target[old][name] = old + "." + feature

# the files of each old package (every module, main and test), and where each goes
moves = []          # (path, new path, old package, new package, simple name)
unmapped = []       # (path, old package)
in_old = {}         # path -> old package, for every file still in an old package
simple_names = {old: set() for old in MAPPING}
for path in java:
    rp = src_root_and_package(path)
    if not rp or rp[1] not in MAPPING:
        continue
    root, old = rp
    name = os.path.basename(path)[:-5]
    simple_names[old].add(name)
    in_old[path] = old
    new = target[old].get(name)
    if new is None and re.search(r"(Test|IT)$", name):
        # a test follows the class it is named after: the longest mapped name it starts with
        owners = sorted((n for n in target[old] if name.startswith(n)), key=len)
        new = target[old][owners[-1]] if owners else None
    if new is None:
        unmapped.append((path, old))
        continue
    moves.append((path, f"{root}/{new.replace('.', '/')}/{name}.java", old, new, name))

fqn = {}  # old FQN -> new FQN (main and test classes)
for _, _, old, new, name in moves:
    fqn[f"{old}.{name}"] = f"{new}.{name}"
# where each simple name of an old package is after the move (unmapped ones stay)
after = {old: {n: old for n in simple_names[old]} for old in MAPPING}
for _, _, old, new, name in moves:
    after[old][name] = new

print(f"feature-packages: {len(moves)} classes to move, {len(unmapped)} not in the mapping")
if DRY_RUN:
    for path, dest, *_ in moves:
        print(f"  {path} -> {dest}")
    for path, old in unmapped:
        print(f"  NOT MAPPED: {path} (stays in {old})")
    sys.exit(0)

# 1. move
for path, dest, *_ in moves:
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    git("mv", path, dest)
new_path = {path: dest for path, dest, *_ in moves}
files_in_old = {new_path.get(p, p): (old, p in new_path) for p, old in in_old.items()}

# 2. rewrite references: <old package>.<Name> (Name a moved class, followed by a non-word char)
patterns = []
for old in MAPPING:
    moved_here = sorted(n for n in simple_names[old] if after[old][n] != old)
    if moved_here:
        rx = re.compile(re.escape(old) + r"\.(" + "|".join(moved_here) + r")\b")
        patterns.append((rx, old))


def rewrite_refs(text):
    for rx, old in patterns:
        text = rx.sub(lambda m: f"{after[old][m.group(1)]}.{m.group(1)}", text)
    return text


tracked_now = [p for p in git("ls-files", "-z").split("\0") if p]
changed = set()
for path in tracked_now:
    if not path.endswith(TEXT_SUFFIXES) and "/META-INF/services/" not in path:
        continue
    if path.startswith("docs/") or path.startswith("scripts/dev/"):
        continue  # prose describes packages by hand
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
        continue
    updated = rewrite_refs(text)
    if updated != text:
        with open(path, "w", encoding="utf-8") as f:
            f.write(updated)
        changed.add(path)

# 3. package lines, and imports for what used to be in the same package
IMPORT_RX = re.compile(r"(?m)^import\s+(static\s+)?([\w.]+)(\.\*)?\s*;")


def code_only(text):
    """Text without comments, strings and import/package lines, for the simple-name scan."""
    text = re.sub(r"/\*.*?\*/", lambda m: " " if "{@link" not in m.group(0) and "@see" not in m.group(0)
                  else m.group(0), text, flags=re.S)
    text = re.sub(r"//[^\n]*", " ", text)
    text = re.sub(r'"(?:\\.|[^"\\\n])*"', '""', text)
    return re.sub(r"(?m)^\s*(import|package)\s[^;]*;", " ", text)


def add_imports(text, imports):
    lines = text.split("\n")
    for imp in sorted(imports):
        line = f"import {imp};"
        if line in lines:
            continue
        ours = [i for i, l in enumerate(lines) if l.startswith("import io.ruleworks.")]
        anyi = [i for i, l in enumerate(lines) if l.startswith("import ") and not l.startswith("import static")]
        if ours:
            later = [i for i in ours if lines[i] > line]
            at = later[0] if later else ours[-1] + 1
        elif anyi:
            at = anyi[0]
            lines.insert(at, "")
        else:
            pkg = next(i for i, l in enumerate(lines) if l.startswith("package "))
            at = pkg + 1
            lines.insert(at, "")
            at += 1
        lines.insert(at, line)
    return "\n".join(lines)


def sort_application_imports(text):
    """Sorts each contiguous run of `import io.ruleworks.` lines that holds a rewritten package."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        if lines[i].startswith("import io.ruleworks."):
            j = i
            while j < len(lines) and lines[j].startswith("import io.ruleworks."):
                j += 1
            run = lines[i:j]
            if any(any(l.startswith(f"import {new}.") for new in NEW_PACKAGES) for l in run):
                run = sorted(dict.fromkeys(run), key=lambda l: l.rstrip(";"))
                lines[i:j] = run
                j = i + len(run)
            i = j
        else:
            i += 1
    return "\n".join(lines)


NEW_PACKAGES = sorted({new for _, _, _, new, _ in moves})

for path in sorted(changed):
    if path.endswith(".java") and path not in files_in_old:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        updated = sort_application_imports(text)
        if updated != text:
            with open(path, "w", encoding="utf-8") as f:
                f.write(updated)

for path, (old, moved) in sorted(files_in_old.items()):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    name = os.path.basename(path)[:-5]
    own = after[old][name]
    updated = text
    if moved:
        updated = re.sub(r"(?m)^package\s+[\w.]+\s*;", f"package {own};", updated, count=1)
    imported_simple = {m.group(2).rsplit(".", 1)[-1] for m in IMPORT_RX.finditer(updated) if not m.group(1)}
    nested = set(re.findall(r"\b(?:class|interface|record|enum)\s+(\w+)", updated))
    code = code_only(updated)
    needed = set()
    for other in simple_names[old]:
        if other == name or after[old][other] == own or other in imported_simple or other in nested:
            continue
        if re.search(r"(?<![\w.])" + re.escape(other) + r"\b", code):
            needed.add(f"{after[old][other]}.{other}")
    if needed:
        updated = add_imports(updated, needed)
    updated = sort_application_imports(updated)
    if updated != text:
        with open(path, "w", encoding="utf-8") as f:
            f.write(updated)
        changed.add(path)

# 4. visibility and fix-ups, on the class's file wherever it is now
def file_of(simple):
    hits = [p for p in git("ls-files", "-z").split("\0")
            if p.endswith(f"/{simple}.java") and "/src/main/" in p and "/io/ruleworks/" in p]
    return hits[0] if len(hits) == 1 else None


notes = []
for simple in PACKAGE_PRIVATE:
    path = file_of(simple)
    if not path:
        notes.append(f"package-private: {simple} not found (renamed or gone?), skipped")
        continue
    with open(path, encoding="utf-8") as f:
        text = f.read()
    updated = re.sub(r"(?m)^public ((?:(?:final|abstract|sealed|non-sealed)\s+)*(?:class|record|interface|enum)\s+"
                     + simple + r"\b)", r"\1", text, count=1)
    if updated != text:
        with open(path, "w", encoding="utf-8") as f:
            f.write(updated)
        changed.add(path)
for simple, rx, repl, why in FIXUPS:
    path = file_of(simple)
    if not path:
        notes.append(f"fix-up: {simple} not found, skipped ({why})")
        continue
    with open(path, encoding="utf-8") as f:
        text = f.read()
    updated = text.replace(rx, repl, 1) if rx in text and repl not in text else text
    if rx not in text and repl not in text:
        notes.append(f"fix-up: {rx.strip()!r} not found in {path}, check by hand ({why})")
    if updated != text:
        with open(path, "w", encoding="utf-8") as f:
            f.write(updated)
        changed.add(path)

if changed:
    # -f: every path is a tracked file we edited; a package named like an ignored folder
    # (".../persistence/target/") must not stop the staging
    git("add", "-f", "--", *sorted(changed))

print(f"feature-packages: moved {len(moves)} classes, rewrote {len(changed)} files")
for note in notes:
    print("  " + note)
if unmapped:
    print("feature-packages: NOT MAPPED (left in place; add them to MAPPING in scripts/dev/feature-packages.sh "
          "and run again):")
    for path, old in sorted(unmapped):
        print(f"  {old}.{os.path.basename(path)[:-5]}  ({path})")
else:
    print("feature-packages: every class of the old packages is mapped")
PYTHON
