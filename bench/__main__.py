"""Run every benchmark, print its figures and rewrite docs/performance.md."""

from __future__ import annotations

from bench import compare, render, report, scoring
from bench.common import REPORT, write_report

BENCHMARKS = (scoring, render, report, compare)


def main() -> None:
    sections = []
    for module in BENCHMARKS:
        section = module.run()
        print(section.markdown())
        sections.append(section)
    write_report(sections)
    print(f"Wrote {REPORT}")


if __name__ == "__main__":
    main()
