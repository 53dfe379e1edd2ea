"""
The OParl 1.1 read API (/oparl/v1/): the committees, their terms, people, memberships,
meetings, agenda items, the project ideas they handled and the files, in the shape German
council information systems speak (https://oparl.org/spezifikation/). The mapping of the
portal's facts onto OParl's objects is documented on the page /oparl/ (``docs.html``).

Only what the public pages show is published: of a person the name and seats; decisions and
attendance once the minutes are checked and published; published ideas only.
"""
