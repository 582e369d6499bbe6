"""How long the editor's preview beside the form takes to show an unsaved change.

    python bench/editor_preview.py [--n 1000] [--repeat 5]

Generates a project with bench/generate.py, starts the preview's pages (generator.serve.LivePages,
as `assembly serve` does), then asks for the page of one recommendation with its title changed
and not saved (LivePages.draft: the build's own load, validate, plan and render of that page),
`repeat` times, each with a different title. Prints the first (cold) and the median of the rest."""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from generator.serve import LivePages

    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        subprocess.run([sys.executable, str(REPO / "bench" / "generate.py"), str(root), str(args.n)], check=True,
                       stdout=subprocess.DEVNULL)
        slug = f"bench-{args.n}"
        pages = LivePages(root, slug, False, None)
        started = time.perf_counter()
        assert pages.refresh() == []
        print(f"N = {args.n}: the preview's first read of the content took {time.perf_counter() - started:.2f} s")
        path = root / "content" / slug / "recommendations" / "rec-0001.md"
        text = path.read_text(encoding="utf-8")
        times = []
        for attempt in range(args.repeat):
            changed = text.replace("title: ", f"title: Changed {attempt} ", 1)
            started = time.perf_counter()
            page, problems = pages.draft(path, changed, "recommendations/rec-0001.html")
            times.append(time.perf_counter() - started)
            assert page is not None and f"Changed {attempt}".encode() in page, problems
        print(f"unsaved change to the page beside the form: first {times[0]:.2f} s, "
              f"median of the next {len(times) - 1} {statistics.median(times[1:]):.2f} s")


if __name__ == "__main__":
    main()
