"""jixiao.addin — workbook actions, file/Excel backends, the ribbon, the .xlam build and the CLI."""
