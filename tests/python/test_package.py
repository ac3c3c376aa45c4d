"""The package as shipped: docstrings, type hints, the example script, and
an installed copy importing from the prefix's site directory."""

import inspect
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import salesplan
from helpers import EXAMPLES

BUILD_DIR = os.environ.get("SALESPLAN_BUILD_DIR", "")


class Docstrings(unittest.TestCase):
    def test_public_names_have_docstrings(self):
        missing = []
        for name in salesplan.__all__:
            obj = getattr(salesplan, name)
            if inspect.isclass(obj) or inspect.isfunction(obj):
                if not (obj.__doc__ or "").strip():
                    missing.append(name)
        self.assertEqual(missing, [])
        for name, member in inspect.getmembers(salesplan.Plan):
            if not name.startswith("_") and (inspect.isfunction(member)
                                             or isinstance(member, property)):
                self.assertTrue((member.__doc__ or "").strip() or name in (
                    "competitors", "stages", "activities", "roles", "reps"), name)

    def test_low_level_docstrings_come_from_the_header(self):
        core = salesplan.core
        # -doxygen turns the header's comments into docstrings
        self.assertIn("Parse and validate a JSON plan", core.plan_load_buffer.__doc__)
        self.assertIn("Compute the plan", core.compute.__doc__)
        self.assertIn("Thread-safe", core.result_render.__doc__)

    def test_type_hints(self):
        hints = inspect.signature(salesplan.Plan.compute)
        self.assertIn("confidence", hints.parameters)
        self.assertTrue(os.path.exists(os.path.join(os.path.dirname(salesplan.__file__),
                                                    "py.typed")))
        import typing
        self.assertIn("return", typing.get_type_hints(salesplan.Plan.to_dict))


class ExampleScript(unittest.TestCase):
    def test_build_plan_prints_the_daily_table(self):
        script = os.path.join(EXAMPLES, "build_plan.py")
        if not EXAMPLES or not os.path.exists(script):
            self.skipTest("SALESPLAN_EXAMPLES is not set")
        env = dict(os.environ)
        proc = subprocess.run([sys.executable, script], capture_output=True, text=True,
                              env=env, timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("per rep/day", proc.stdout)
        for activity in ("Cold emails", "Cold calls", "Discovery calls", "Demos"):
            self.assertIn(activity, proc.stdout)
        proc = subprocess.run([sys.executable, script, "--confidence", "0.9"],
                              capture_output=True, text=True, env=env, timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("confidence mode", proc.stdout)


class Installed(unittest.TestCase):
    def test_install_and_import_from_the_prefix(self):
        if not BUILD_DIR:
            self.skipTest("SALESPLAN_BUILD_DIR is not set")
        cmake = shutil.which("cmake")
        if cmake is None:
            self.skipTest("no cmake")
        with tempfile.TemporaryDirectory() as prefix:
            proc = subprocess.run([cmake, "--install", BUILD_DIR, "--prefix", prefix,
                                   "--component", "python"],
                                  capture_output=True, text=True, timeout=300)
            self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
            site = None
            for root, dirs, files in os.walk(prefix):
                if "salesplan" in dirs and os.path.exists(
                        os.path.join(root, "salesplan", "__init__.py")):
                    site = root
                    break
            self.assertIsNotNone(site, "package not installed")
            ver = f"python{sys.version_info.major}.{sys.version_info.minor}"
            # The configured directory (default lib/pythonX.Y/site-packages; Debian-style
            # builds choose lib/python3/dist-packages).
            wanted = os.environ.get("SALESPLAN_PYTHON_INSTALL_DIR") or \
                os.path.join("lib", ver, "site-packages")
            self.assertTrue(site.endswith(os.path.normpath(wanted)), site)
            code = ("import salesplan, sys; r = salesplan.example_plan().compute(); "
                    "print(salesplan.__file__); print(r.overview.deals_needed)")
            env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
            env["PYTHONPATH"] = site
            proc = subprocess.run([sys.executable, "-c", code], capture_output=True,
                                  text=True, env=env, cwd=prefix, timeout=120)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            where, deals = proc.stdout.split()
            self.assertTrue(where.startswith(site), where)
            self.assertEqual(float(deals), salesplan.example_plan().compute().overview.deals_needed)
            proc = subprocess.run([sys.executable, "-m", "salesplan", "plan", "--format", "json"],
                                  capture_output=True, text=True, env=env, cwd=prefix,
                                  timeout=120)
            self.assertEqual(proc.returncode, 0, proc.stderr)


if __name__ == "__main__":
    unittest.main()
