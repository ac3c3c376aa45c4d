"""A host that sets a decimal-comma locale (de_DE.UTF-8) gets the same plans
and results as under "C": the library reads and writes numbers without the
locale (the plan reader once failed with "out of memory" here)."""

import locale
import unittest

import salesplan

DECIMAL_COMMA = "de_DE.UTF-8"


def _available(name):
    saved = locale.setlocale(locale.LC_ALL)
    try:
        locale.setlocale(locale.LC_ALL, name)
        return True
    except locale.Error:
        return False
    finally:
        locale.setlocale(locale.LC_ALL, saved)


def _everything():
    """The example through to_json, from_json, compute and every format."""
    text = salesplan.example_plan().to_json()
    plan = salesplan.Plan.from_json(text)
    result = plan.compute()
    return (plan.to_json(), result.to_json(),
            [result.render(f) for f in ("markdown", "csv", "svg")])


@unittest.skipUnless(_available(DECIMAL_COMMA),
                     DECIMAL_COMMA + " is not installed (scripts/setup.sh generates it)")
class DecimalCommaLocale(unittest.TestCase):
    def setUp(self):
        self.saved = locale.setlocale(locale.LC_ALL)
        self.addCleanup(locale.setlocale, locale.LC_ALL, self.saved)

    def test_same_as_c_locale(self):
        locale.setlocale(locale.LC_ALL, "C")
        plan_c, result_c, rendered_c = _everything()
        locale.setlocale(locale.LC_ALL, DECIMAL_COMMA)
        self.assertEqual(locale.localeconv()["decimal_point"], ",")
        plan_de, result_de, rendered_de = _everything()
        self.assertEqual(plan_de, plan_c)
        self.assertEqual(result_de, result_c)
        self.assertEqual(rendered_de, rendered_c)

    def test_from_json_reads_fractions(self):
        locale.setlocale(locale.LC_ALL, DECIMAL_COMMA)
        plan = salesplan.Plan.from_json(salesplan.example_plan().to_json())
        locale.setlocale(locale.LC_ALL, "C")
        self.assertEqual(plan.to_dict(), salesplan.example_plan().to_dict())
        conversions = [s.conversion for s in plan.stages[:-1]]
        self.assertTrue(any(c != int(c) for c in conversions))


if __name__ == "__main__":
    unittest.main()
