# Date and number formats for a language Django ships none for: the day before the month
# (as in the language's own writing), ISO-like numbers without grouping ambiguity.
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d/m/Y"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
DATETIME_FORMAT = "j F Y H:i"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
