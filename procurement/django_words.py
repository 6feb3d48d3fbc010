"""Django's own words that the pages show a vendor (month and weekday names, form errors),
listed here so that `makemessages` puts them in GoodBid's catalogues: languages Django itself
does not translate (Haitian and Cabo Verdean Creole, Somali, Hmong, Lao) get them from ours,
and LOCALE_PATHS come first for every language. Never imported: read by makemessages only."""

from django.utils.translation import gettext_noop as _

WEEKDAYS = (_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"),
            _("Saturday"), _("Sunday"))
MONTHS = (_("January"), _("February"), _("March"), _("April"), _("May"), _("June"),
          _("July"), _("August"), _("September"), _("October"), _("November"),
          _("December"))
MONTHS_3 = (_("jan"), _("feb"), _("mar"), _("apr"), _("may"), _("jun"), _("jul"), _("aug"),
            _("sep"), _("oct"), _("nov"), _("dec"))
FORM_ERRORS = (
    _("This field is required."),
    _("Enter a valid date."),
    _("Enter a number."),
    _("Enter a valid email address."),
    _("The submitted file is empty."),
    _("No file was submitted. Check the encoding type on the form."),
    _("Select a valid choice. %(value)s is not one of the available choices."),
    _("Ensure this value is greater than or equal to %(limit_value)s."),
    _("Ensure this value has at most %(limit_value)d characters (it has %(show_value)d)."),
)
