"""Threads: separate plans compute concurrently with the GIL released, and
give the same results as a serial run; one plan shared by threads is safe."""

import faulthandler
import os
import random
import tempfile
import threading
import unittest

import salesplan
from helpers import random_plan


class Threads(unittest.TestCase):
    def test_concurrent_equals_serial(self):
        rng = random.Random(4)
        dicts = [random_plan(rng) for _ in range(4)]
        serial = [salesplan.Plan.from_dict(d).compute().to_json() for d in dicts]
        results = [[] for _ in dicts]
        errors = []
        start = threading.Barrier(len(dicts))

        def work(i):
            try:
                plan = salesplan.Plan.from_dict(dicts[i])
                start.wait()
                for _ in range(200):
                    results[i].append(plan.compute().to_json())
            except BaseException as e:  # reported below
                errors.append(e)

        threads = [threading.Thread(target=work, args=(i,)) for i in range(len(dicts))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        for i, got in enumerate(results):
            self.assertEqual(len(got), 200)
            self.assertTrue(all(g == serial[i] for g in got), f"thread {i} differs")

    def test_one_plan_shared_by_threads(self):
        plan = salesplan.example_plan()
        want = plan.compute().to_json()
        errors = []

        def reader():
            try:
                for _ in range(100):
                    if plan.compute().to_json() != want:
                        errors.append("differs")
            except BaseException as e:
                errors.append(e)

        def writer():
            try:
                for i in range(300):
                    plan.set_extension("x-counter", i)
            except BaseException as e:
                errors.append(e)

        threads = [threading.Thread(target=reader) for _ in range(3)]
        threads.append(threading.Thread(target=writer))
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])

    def _through_fifo(self, call, payload):
        """Run call(fifo_path) in a thread while this thread writes `payload`
        into the FIFO. The call blocks in C (open/read) until the writer
        comes: it finishes only if the C call released the GIL. A watchdog
        ends the process instead of hanging if it did not."""
        if not hasattr(os, "mkfifo"):
            self.skipTest("no FIFOs here")
        faulthandler.dump_traceback_later(60, exit=True)
        self.addCleanup(faulthandler.cancel_dump_traceback_later)
        with tempfile.TemporaryDirectory() as tmp:
            fifo = os.path.join(tmp, "input")
            os.mkfifo(fifo)
            box = {}

            def reader():
                try:
                    box["value"] = call(fifo)
                except BaseException as e:
                    box["error"] = e

            t = threading.Thread(target=reader)
            t.start()
            with open(fifo, "wb") as f:  # blocks until the C call opens it
                f.write(payload)
            t.join(30)
            self.assertFalse(t.is_alive())
            self.assertNotIn("error", box)
            return box["value"]

    def test_gil_is_released_while_loading(self):
        plan = self._through_fifo(salesplan.Plan.load, salesplan.example_json().encode())
        self.assertEqual(plan, salesplan.example_plan())

    @unittest.skipUnless(hasattr(salesplan, "estimate"), "no estimation in this build")
    def test_gil_is_released_while_estimating(self):
        csv = b"id,stage,created,closed,amount\n1,Won,2024-01-01,2024-01-02,10\n"
        est = self._through_fifo(salesplan.estimate, csv)
        self.assertEqual(est.overall.won, 1)


if __name__ == "__main__":
    unittest.main()
