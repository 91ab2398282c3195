"""The Excel add-in: the ribbon and its actions (over a file or the live workbook), the VBA it carries,
the .xlam assembled on any OS (MS-OVBA compression, the compound file) and its install for one user."""
