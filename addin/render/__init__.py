"""Everything people read is composed here: finding messages, the JSON the CLI prints, terminal tables,
the 校验结果 sheet, the summary workbook and the report draft. Nothing here decides what is wrong."""
