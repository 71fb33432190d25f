"""Support for the kit's tests: loading implementations, checks, gradient checks.

Pure Python and numpy, for every platform students use.
"""
