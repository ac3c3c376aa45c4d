"""Build the salesplan Python package with CMake (see pyproject.toml).

`pip install --no-build-isolation .` runs this: build_ext configures the
project with only the library and the bindings (no tests, no benchmarks, no
downloads), builds the SWIG extension, which links the static library and so
needs no libsalesplan.so at run time, and copies the assembled package
directory (<cmake build>/bindings/python/salesplan) into the wheel.

Environment:
  SALESPLAN_PIP_BUILD_DIR  where CMake and setuptools build (default:
                           build-pip/ in the source tree); kept between runs,
                           so a second install only rebuilds what changed.
  CMAKE                    the cmake program (default: cmake on PATH).
  CMAKE_BUILD_PARALLEL_LEVEL  build jobs (default: the number of CPUs).
"""

import os
import re
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD_DIR = os.path.abspath(os.environ.get("SALESPLAN_PIP_BUILD_DIR")
                            or os.path.join(HERE, "build-pip"))


def project_version():
    """The release number of project(... VERSION x.y.z) in CMakeLists.txt."""
    with open(os.path.join(HERE, "CMakeLists.txt"), encoding="utf-8") as fh:
        m = re.search(r"project\(\s*salesplan\s+VERSION\s+([0-9.]+)", fh.read())
    if not m:
        raise RuntimeError("no project(salesplan VERSION ...) in CMakeLists.txt")
    return m.group(1)


class CMakeBuild(build_ext):
    """Builds every extension of the package with one CMake build."""

    def run(self):
        if self.inplace:
            raise RuntimeError("salesplan: in-place (editable) builds are not supported; "
                               "use the CMake build tree (docs/python.md)")
        cmake = os.environ.get("CMAKE") or shutil.which("cmake")
        if not cmake:
            raise RuntimeError("salesplan: building the Python package needs cmake")
        cmake_dir = os.path.join(BUILD_DIR, "cmake")
        configure = [
            cmake, "-S", HERE, "-B", cmake_dir,
            "-DCMAKE_BUILD_TYPE=Release",
            "-DSALESPLAN_BUILD_PYTHON=ON",
            "-DSALESPLAN_BUILD_TESTS=OFF",
            "-DSALESPLAN_BUILD_BENCH=OFF",
            "-DSALESPLAN_BUILD_FUZZERS=OFF",
            "-DSALESPLAN_BUILD_DOCS=OFF",
            # the interpreter pip runs: its headers and its extension suffix
            "-DPython3_EXECUTABLE=" + sys.executable,
        ]
        subprocess.run(configure, check=True)
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL") or str(os.cpu_count() or 1)
        subprocess.run([cmake, "--build", cmake_dir, "--target", "salesplan_python",
                        "--parallel", jobs], check=True)
        package = os.path.join(cmake_dir, "bindings", "python", "salesplan")
        target = os.path.join(os.path.abspath(self.build_lib), "salesplan")
        if os.path.isdir(target):
            shutil.rmtree(target)
        shutil.copytree(package, target,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(
    version=project_version(),
    # One placeholder extension: it marks the wheel as platform-specific and
    # makes build_ext run; CMakeBuild builds the real one.
    ext_modules=[Extension("salesplan._core", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
    options={
        "build": {"build_base": os.path.join(BUILD_DIR, "setuptools")},
        "egg_info": {"egg_base": BUILD_DIR},
    },
)
