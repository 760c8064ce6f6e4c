DATETIME_FORMAT = "D j b Y, H:i"  # ma 27 okt 2031, 10:00
MONTH_DAY_FORMAT = "j b"
