"""The registry of recognizers, run by :func:`checker.extract.figures.find_figures`."""

from checker.extract.recognizers.identifiers import PhoneRecognizer, SubjectCodeRecognizer
from checker.extract.recognizers.money import BareAmountRecognizer, ChineseMoneyRecognizer, MoneyRecognizer, ResidueRecognizer
from checker.extract.recognizers.percent import ChinesePercentRecognizer, PercentRecognizer, PercentagePointRecognizer
from checker.extract.recognizers.quantity import QuantityRecognizer
from checker.extract.recognizers.temporal import DateRecognizer, YearRecognizer

RECOGNIZERS = [
    MoneyRecognizer(), ChineseMoneyRecognizer(), ResidueRecognizer(), BareAmountRecognizer(),
    PercentRecognizer(), PercentagePointRecognizer(), ChinesePercentRecognizer(),
    QuantityRecognizer(), YearRecognizer(), DateRecognizer(), PhoneRecognizer(), SubjectCodeRecognizer(),
]
