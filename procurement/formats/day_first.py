"""Dates for the languages Django ships no formats for (Haitian and Cabo Verdean Creole,
Somali, Hmong, Lao): the day before the month, as those languages write it. Each language's
module takes these and sets its own number separators."""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d/m/Y"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
DATETIME_FORMAT = "j F Y H:i"
NUMBER_GROUPING = 3
