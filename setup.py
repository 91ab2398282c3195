"""Packages are found, not listed: every folder under the three mapped roots is a subpackage.

pyproject.toml holds all metadata; setuptools cannot compute a package list with a name prefix there
(``packages.find`` names what it finds after its folder, not ``jixiao.*``), so this file does only that.
A hand list once shipped a wheel with 20 of 96 modules.
"""

from setuptools import find_namespace_packages, setup

ROOTS = {"jixiao.udfs": "udfs", "jixiao.templates": "templates", "jixiao.addin": "addin"}


def packages() -> list[str]:
    found = []
    for name, folder in ROOTS.items():
        found.append(name)
        subs = find_namespace_packages(folder, exclude=["*__pycache__*"])
        found += [f"{name}.{sub}" for sub in subs]  # data folders too (profiles/, samples/): see package-data
    return found


setup(packages=packages(), package_dir=ROOTS)
