# Packaging and ABI checks (included from tests/CMakeLists.txt).

# Install into a scratch prefix; build a consumer with pkg-config and with find_package.
add_test(NAME packaging_consumers
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/packaging/consumers.sh
                 ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/packaging_work)
set_tests_properties(packaging_consumers PROPERTIES TIMEOUT 600 RUN_SERIAL TRUE)

# The shared object exports exactly the committed list of symbols.
add_test(NAME exported_symbols
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/packaging/exports.sh
                 $<TARGET_FILE:salesplan> ${CMAKE_CURRENT_SOURCE_DIR}/packaging/exports.txt)

# Each public header compiles alone as C99 -pedantic and as C++.
file(GLOB _salesplan_headers RELATIVE ${PROJECT_SOURCE_DIR}/include
     ${PROJECT_SOURCE_DIR}/include/salesplan.h ${PROJECT_SOURCE_DIR}/include/salesplan/*.h)
add_test(NAME header_hygiene
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/packaging/headers.sh
                 ${PROJECT_SOURCE_DIR}/include ${PROJECT_BINARY_DIR}/include ${_salesplan_headers})

# `pip install --no-build-isolation --no-index .` in a fresh venv builds and
# installs the Python package (pyproject.toml, setup.py); it then imports from
# outside the source tree, computes the example plan like the CLI and shows up
# in `pip list`. Skipped (77) only without venv support (python3-venv).
if(SALESPLAN_BUILD_PYTHON)
  add_test(NAME python_pip_install
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/packaging/pip_install.sh
                   ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}
                   ${CMAKE_CURRENT_BINARY_DIR}/pip_install_work
                   $<TARGET_FILE:salesplan_cli> ${PROJECT_VERSION})
  set_tests_properties(python_pip_install PROPERTIES
    LABELS python SKIP_RETURN_CODE 77 TIMEOUT 900)
endif()
