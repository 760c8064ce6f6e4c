"""The stop words of each language's Snowball stemmer (the lists PostgreSQL's text search
configurations use, from the Snowball project, BSD licence): words too common to stem and
index, left out of the stemmed copy of a text as PostgreSQL leaves them out."""


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOP_WORDS: dict[str, frozenset[str]] = {
    "en": _words(
        """
        a about above after again against all am an and any are as at be because been before being
        below between both but by can did do does doing don down during each few for from further
        had has have having he her here hers herself him himself his how i if in into is it its
        itself just me more most my myself no nor not now of off on once only or other our ours
        ourselves out over own s same she should so some such t than that the their theirs them
        themselves then there these they this those through to too under until up very was we were
        what when where which while who whom why will with you your yours yourself yourselves
        """
    ),
    "nl": _words(
        """
        aan al alles als altijd andere ben bij daar dan dat de der deze die dit doch doen door dus
        een eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand
        iets ik in is ja je kan kon kunnen maar me meer men met mij mijn moet na naar niet niets
        nog nu of om omdat onder ons ook op over reeds te tegen toch toen tot u uit uw van veel
        voor want waren was wat werd wezen wie wil worden wordt zal ze zelf zich zij zijn zo
        zonder zou
        """
    ),
    "fr": _words(
        """
        ai aie aient aies ait as au aura aurai auraient aurais aurait auras aurez auriez aurions
        aurons auront aux avaient avais avait avec avez aviez avions avons ayant ayante ayantes
        ayants ayez ayons c ce ces d dans de des du elle en es est et eu eue eues eurent eus eusse
        eussent eusses eussiez eussions eut eux eûmes eût eûtes furent fus fusse fussent fusses
        fussiez fussions fut fûmes fût fûtes il j je l la le leur lui m ma mais me mes moi mon
        même n ne nos notre nous on ont ou par pas pour qu que qui s sa se sera serai seraient
        serais serait seras serez seriez serions serons seront ses soient sois soit sommes son
        sont soyez soyons suis sur t ta te tes toi ton tu un une vos votre vous y à étaient étais
        était étant étante étantes étants étiez étions été étée étées étés êtes
        """
    ),
    "de": _words(
        """
        aber alle allem allen aller alles als also am an ander andere anderem anderen anderer
        anderes anderm andern anderr anders auch auf aus bei bin bis bist da damit dann das
        dasselbe dazu daß dein deine deinem deinen deiner deines dem demselben den denn denselben
        der derer derselbe derselben des desselben dessen dich die dies diese dieselbe dieselben
        diesem diesen dieser dieses dir doch dort du durch ein eine einem einen einer eines einig
        einige einigem einigen einiger einiges einmal er es etwas euch euer eure eurem euren eurer
        eures für gegen gewesen hab habe haben hat hatte hatten hier hin hinter ich ihm ihn ihnen
        ihr ihre ihrem ihren ihrer ihres im in indem ins ist jede jedem jeden jeder jedes jene
        jenem jenen jener jenes jetzt kann kein keine keinem keinen keiner keines können könnte
        machen man manche manchem manchen mancher manches mein meine meinem meinen meiner meines
        mich mir mit muss musste nach nicht nichts noch nun nur ob oder ohne sehr sein seine
        seinem seinen seiner seines selbst sich sie sind so solche solchem solchen solcher solches
        soll sollte sondern sonst um und uns unse unsem unsen unser unses unter viel vom von vor
        war waren warst was weg weil weiter welche welchem welchen welcher welches wenn werde
        werden wie wieder will wir wird wirst wo wollen wollte während würde würden zu zum zur
        zwar zwischen über
        """
    ),
}
