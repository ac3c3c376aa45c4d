"""Leak check: computing (and reading) 100,000 results leaves resident memory
flat."""

import gc
import os
import unittest

import salesplan


def rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@unittest.skipUnless(os.path.exists("/proc/self/statm"), "needs /proc")
class Leak(unittest.TestCase):
    def test_compute_100k_times(self):
        plan = salesplan.example_plan()
        text = plan.to_json()

        def one_round(n):
            for i in range(n):
                res = plan.compute()
                if i % 10 == 0:
                    res.to_json()
                    res.stages
                    salesplan.Plan.from_json(text)
                if i % 1000 == 0:
                    try:
                        salesplan.Plan.from_json("{")
                    except salesplan.PlanError:
                        pass
            gc.collect()

        one_round(5_000)  # warm-up: allocator pools, caches
        before = rss_bytes()
        one_round(100_000)
        after = rss_bytes()
        growth = after - before
        # A leak of even 64 bytes per compute would be 6.4 MB here.
        self.assertLess(growth, 2 * 1024 * 1024,
                        f"resident memory grew by {growth / 1024:.0f} KiB")


if __name__ == "__main__":
    unittest.main()
