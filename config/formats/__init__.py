"""Date formats per language, on top of Django's (``FORMAT_MODULE_PATH``).

English is written the European way (day before month, 24-hour clock), and every language
names the weekday in ``DATETIME_FORMAT``, which meetings use: people plan around the day.
Templates use the format names (``|date:"DATETIME_FORMAT"``), never a pattern of their own.
"""
