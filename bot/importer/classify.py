"""Which kind of section a heading names, or failing that, which kind its text is about."""

from __future__ import annotations

import re
import unicodedata

from bot.importer.spoiler_labels import label_off
from bot.levels import SectionKind

# The film's last part, as a heading names it: "the final act", "the third act", "the finale".
_LAST_PART = r"(?:the )?(?:(?:final|last|third|closing) act|end|ending|finale|climax)\b"

# Section names, matched at the start of a heading with the film's title taken out. Checked in
# this order: "Plot recap leading into the ending" is a recap even though it says "ending".
_NAMED: list[tuple[SectionKind, re.Pattern[str]]] = [
    (kind, re.compile(pattern))
    for kind, pattern in (
        (
            SectionKind.QUICK_ANSWER,
            r"(?:the )?(?:quick|short|simple|brief) (?:answer|version|explanation)\b|tl;? ?dr\b"
            r"|in (?:short|brief|a nutshell)\b|at a glance\b|(?:the )?bottom line\b"
            r"|(?:the )?gist$"
            r"|so what (?:actually |really )?happens at the end\b"
            # a page's summary box, often the twist in three bullets
            r"|key (?:takeaways?|points)\b|the big picture$|highlights$"
            # an essay's abstract: its argument, ending and all, in a paragraph
            r"|abstract$"
            # "The twist in one sentence", "The ending in a nutshell"
            r"|(?:the )?(?:(?:twist|ending|answer|story|film) )?in (?:one|a|two|three|[1-3])"
            r" (?:sentences?|lines?|words?|paragraphs?)\b"
            # "The one-slide answer", "The one-line version"
            r"|(?:the )?one[- ](?:line|slide|sentence|minute|paragraph)r? (?:answer|version"
            r"|summary|explanation)\b",
        ),
        (
            SectionKind.FAQ,
            r"frequently asked|faqs?\b|(?:other |more |common |reader |your )?(?:\{film\} )?"
            r"questions(?:,? answered| and answers|$)|q ?& ?a\b"
            # "Your questions about the ending, answered"
            r"|(?:your |reader |readers' )?questions about [^,:;.?!]{1,40},? answered$"
            # "Questions we keep getting", "Questions readers asked"
            r"|(?:the )?questions (?:we|you|readers|people|fans|everyone)\b",
        ),
        (
            SectionKind.RECAP,
            r"(?:a |the )?(?:quick |full |brief |short )?(?:plot )?(?:recap|summary|synopsis"
            rf"|refresher)\b|(?:the )?plot\b(?! twist)|what happens in\b(?! {_LAST_PART})"
            r"|(?:the )?story so far\b"
            r"|what happen(?:s|ed) before\b|what happens$|(?:the )?(?:premise|setup|set-up)\b"
            # told against the ending it leads to: "Before the end", "What happens before the
            # ending", "The story up to the end", "How we got there"
            r"|(?:[\w']+ ){0,5}?(?:before|up to|until|leading (?:up )?(?:in)?to) the (?:end|ending"
            r"|finale|last act|final act)\b|how we (?:got|get) (?:here|there)\b|(?:the )?story$"
            # "What came before", "Where we start", "How it all begins"
            r"|what came before\b|where (?:we|it|the (?:film|movie|story)) (?:start|begin)s?$"
            r"|how it (?:all )?(?:starts|begins)$"
            # "What happens first", "What happens early on"
            r"|what happens (?:first|at first|early on|in the beginning)$"
            # "Okay, let's rewind", "A quick catch-up"
            r"|(?:let's |a )?(?:quick )?(?:rewind|catch-?up)$"
            # "The story, briefly", "The plot in brief", "What you need to remember"
            r"|(?:the )?(?:story|plot),? (?:briefly|in brief|so far)$"
            r"|what (?:you|we) (?:need|have) to remember$|what to remember$"
            # a recap told in acts: "Act One", "Act 2", "The first act" (a later act: the ending)
            r"|act (?:one|two|1|2|i|ii)$|(?:the )?(?:first|second|opening) act$",
        ),
        (
            SectionKind.FINAL_SHOT,
            r"(?:what |how )?(?:the |that )?(?:very )?(?:final|last|closing) (?:shot|scene|image"
            r"|frame|moments?|sequence|seconds|lines?|words)\b",  # the last line is said in it
        ),
        (
            SectionKind.THEMES,
            r"(?:the |key |major |main |big )?(?:themes?|thematic|big ideas)\b"
            # "Three ideas the ending leaves us with", "Two big ideas", "The ideas behind it"
            r"|(?:the |(?:two|three|four|five|six|seven|[2-9]) )?(?:key |big |main |central )?"
            r"ideas\b"
            r"|what (?:it|(?:the )?(?:film|movie|story)|\{film\})(?:'s| is) (?:really |actually )?"
            r"about$|what (?:(?:i|we) think )?(?:it|(?:the )?(?:film|movie|story)|\{film\})"
            r" (?:all |really )?means$"
            # "So, what does it all mean?" (the ending's meaning is asked for in the ending's
            # own words: "What does the ending mean?")
            r"|what does (?:it|(?:the )?(?:film|movie|story)|\{film\}) (?:all |really )?mean$"
            # "What is the film saying?", "What Baker is really saying": what it says under what
            # it shows (a film's or its maker's message)
            r"|what (?:is |'s )?(?:it|(?:the )?(?:film|movie|story|director)|\{film\}"
            r"|(?!(?:he|she|they|we|you|i)\b)\w+)(?: is|'s)? (?:really |actually )?"
            r"(?:trying to say|saying)$"
            r"|(?:the )?(?:deeper |hidden |real )?meaning$"
            # the critic's idiom for what a film means under what it shows
            r"|reading between the lines$"
            # "Why it matters", "Why the film matters"
            r"|why (?:it|this|(?:the )?(?:film|movie|story)|\{film\}) (?:still )?matters$",
        ),
        (
            SectionKind.SYMBOLISM,
            r"(?:the |key |main )?(?:symbolism|symbols?|motifs?|imagery|visual (?:motifs|language"
            r"|symbols))\b|(?:the |key |recurring )?images (?:that|to|worth)\b",
        ),
        (
            SectionKind.ENDING,
            r"(?:the |that )?ending\b(?! credits)|(?:the )?end\b$|ending,? explained\b"
            r"|(?:so )?what happens at the end\b|how does \{film\} end\b|how \{film\} ends\b"
            # "So, what really happened?", "What actually happened": the reveal, told
            r"|what (?:really|actually) happened$"
            r"|what (?:really |actually )?happened (?:at|in) the end\b"
            r"|(?:the )?(?:twist|climax|finale|conclusion|resolution)\b"
            # "What happens in the final act", "The third act": the film's last part, told
            rf"|what happens in {_LAST_PART}|(?:the )?(?:final|last|third|closing) act\b"
            # "Act Three", "Act III", "The denouement"
            r"|act (?:three|four|five|3|4|5|iii|iv|v)$|(?:the )?d[ée]nouement\b"
            r"|what (?:does|did) the ending mean|(?:the )?meaning of the ending\b"
            # "How it ends" (a label; asked, "How does it end?" is one of the readers' questions)
            r"|how (?:it|the (?:film|movie|story)|\{film\}) ends\b",
        ),
        (SectionKind.NOTES, r"(?:further |production )?notes?\b|trivia\b|did you know\b"),
    )
]
# The same section names in the other languages explainers are most often written in (French,
# Spanish, Italian, Portuguese, German), tried after the English ones. Accents are optional:
# a name typed without them is still the name.
_ARTICLE = (
    r"(?:(?:les?|la|l'|el|els|los|las|lo|il|i|gli|os|as|o|a|die|der|das|den|het|de)\s*"
    # Tagalog's "ang" (the) and "mga" (its plural): "Mga Tema", "Ang mga simbolo"
    r"|(?:ang\s+)?(?:mga\s+)?)?"
)
_NAMED_ABROAD: list[tuple[SectionKind, re.Pattern[str]]] = [
    # (the article may lead any of a kind's names: "Den sidste scene", "Ang huling eksena")
    (kind, re.compile(f"{_ARTICLE}(?:{pattern})"))
    for kind, pattern in (
        (
            SectionKind.QUICK_ANSWER,
            r"(?:r[ée]ponse courte|en bref|respuesta corta|en resumen|in breve|em resumo"
            r"|kurz gesagt|kurzfassung|in het kort|kort gezegd|kort sagt|i korthet|kort svar"
            r"|kort fortalt|resposta r[àa]pida|en poques paraules"
            r"|w skr[óo]cie|w pigu[łl]ce|kr[óo]tka odpowied[źz]"
            # Russian: "briefly", "the short answer", "in two words"
            r"|коротко|вкратце|кратко|(?:короткий|краткий) ответ|в двух словах|если коротко"
            # "a quick summary" in these languages is the box that tells the twist
            r"|r[ée]sum[ée] rapide|resumen r[áa]pido|resumo r[áa]pido|riassunto (?:rapido|veloce)"
            r"|kurze zusammenfassung|korte samenvatting"
            # Turkish ("ı" may be typed "i") and Indonesian
            r"|k[ıi]saca|k[ıi]sa cevap|singkatnya|ringkasnya|jawaban singkat"
            # Czech and Slovak; Greek (read without its accents, see normalise_heading)
            r"|ve zkratce|v kostce|stru[čc]n[ěe]|kr[áa]tk[áa] odpov[ěe][ďd]|v skratke"
            r"|με λιγα λογια|εν συντομια|συντομη απαντηση)\b",
        ),
        (
            SectionKind.FAQ,
            r"(?:questions? fr[ée]quentes|foire aux questions|preguntas frecuentes"
            r"|domande frequenti|perguntas frequentes|h[äa]ufige fragen|h[äa]ufig gestellte"
            r"|veelgestelde vragen|veel gestelde vragen|vanliga frågor"
            r"|ofte stillede spørgsmål|ofte stilte spørsmål|preguntes freq[üu]ents"
            # Tagalog: "frequently asked questions", "questions and answers"
            r"|mga (?:karaniwang |madalas na )?(?:itinatanong|tanong)\b"
            # Polish
            r"|najcz[ęe]stsze pytania|cz[ęe]sto zadawane pytania|pytania i odpowiedzi"
            # Russian
            r"|вопросы и ответы|частые вопросы|часто задаваемые вопросы|вопросы читателей"
            # Turkish and Indonesian
            r"|s[ıi]k[çc]a sorulan sorular"
            r"|pertanyaan (?:umum|yang sering (?:diajukan|ditanyakan))"
            # Czech and Slovak; Greek
            r"|[čc]ast[ée] ot[áa]zky|[čc]asto kladen[ée] ot[áa]zky|ot[áa]zky a odpov[ěe]di"
            r"|συχνεσ ερωτησεισ|ερωτησεισ και απαντησεισ)",
        ),
        (
            SectionKind.RECAP,
            r"(?:r[ée]sum[ée]|synopsis|sinopsis|sinossi|sinopse|resumen|resumo|riassunto|trama"
            r"|argumento|enredo|handlung|zusammenfassung|inhalt)\b"
            r"|(?:de )?qu[ée] (?:(?:se )?trata|pasa en|va)\b|de quoi parle\b|di cosa parla\b"
            # Catalan ("de què va", "l'argument", "resum"); Tagalog ("what is it about")
            r"|de qu[èe] va\b|resum\b|argument\b|sinopsi\b|tungkol saan\b|buod(?: ng kwento)?\b"
            # "what happens before (the end)"
            r"|ce qui se passe avant\b|lo que (?:pasa|ocurre) antes\b|o que acontece antes\b"
            r"|cosa succede prima\b|was vorher geschah\b|wat (?:er )?eerder gebeurt\b"
            r"|worum geht es\b|was passiert in\b|o que acontece em\b|cosa succede in\b"
            r"|samenvatting\b|waar gaat .{1,60} over\b|wat gebeurt er\b"
            # Swedish, Danish, Norwegian (the article is a suffix: "handlingen")
            r"|handlingen?\b|sammanfattning(?:en)?\b|sammenfatning(?:en)?\b|sammendrag(?:et)?\b"
            r"|resum[ée](?:n|et)?\b|vad handlar\b|hvad handler\b|hva handler\b"
            r"|streszczenie\b|fabu[łl]a\b|zarys fabu[łl]y\b|o czym jest\b"
            # "the story so far"
            r"|(?:a |la |l')?(?:hist[óo]ria at[ée] (?:aqui|agora)|historia hasta (?:ahora|aqu[íi])"
            r"|histoire jusqu'(?:ici|[àa] pr[ée]sent)|storia finora)\b|was bisher geschah\b"
            # Russian: "plot", "summary", "retelling", "what came before the ending"
            r"|сюжет\b|краткое содержание\b|(?:краткий )?пересказ\b|синопсис\b"
            r"|что было (?:до|перед) финалом\b"
            # Turkish: "what is the film about", "its subject", "summary"; Indonesian
            r"|film ne anlat[ıi]yor\b|(?:filmin )?konus[uı]\b|[öo]zet(?:i)?\b"
            r"|ringkasan(?: cerita)?\b|(?:alur|jalan) cerita\b"
            # Czech and Slovak: "what the film is about", "the plot", "a summary"
            r"|o [čc](?:em|om) (?:je )?(?:film|snímek|sn[íi]mka|p[řr][íi]b[ěe]h)\b"
            r"|d[ěe]j(?: filmu)?\b|dej(?: filmu)?$|shrnut[íi](?: d[ěe]je)?\b|zhrnutie\b"
            r"|z[áa]pletka\b|synopse\b"
            # Greek: "the plot", "the story", "a summary"
            r"|(?:η )?(?:υποθεση|πλοκη|περιληψη|συνοψη)\b|(?:η )?ιστορια$",
        ),
        (
            SectionKind.FINAL_SHOT,
            # "O que significa a última cena", "Was bedeutet die letzte Szene"
            r"(?:(?:o )?que significa (?:a |la |el |o )?|qu[ée] significa (?:la |el )?"
            r"|was bedeutet (?:die |der )?|que signifie (?:la |le )?|cosa significa (?:la |il )?)?"
            r"(?:(?:derni[èe]re?|[úu]ltim[ao]|letzte)\s+(?:sc[èe]ne|plan|escena|plano|scena|cena"
            r"|image|imagen|immagine|imagem|einstellung|szene))\b"
            r"|(?:laatste (?:sc[èe]ne|shot|beeld)|slotsc[èe]ne)\b"
            r"|(?:sista|sidste|siste) (?:scenen?|bilden|billede|bildet)\b|slutscenen?\b"
            # Tagalog: "the last scene"
            r"|huling (?:eksena|kuha)\b"
            r"|ostatni[ae] (?:scena|uj[ęe]cie)\b|finałowa scena\b"
            r"|последн(?:ий|яя) (?:кадр|сцена)\b|финальн(?:ый|ая) (?:кадр|сцена)\b"
            # Turkish and Indonesian
            r"|son (?:sahne(?:si)?|kare(?:si)?)\b|(?:adegan|scene|shot) (?:terakhir|penutup)\b"
            # Czech and Slovak; Greek
            r"|(?:posledn[íia]|z[áa]v[ěe]re[čc]n[áa]) (?:sc[ée]na|z[áa]b[ěe]r)\b"
            r"|(?:η |το )?(?:τελευταια|τελικη|καταληκτικη) (?:σκηνη|εικονα)\b"
            r"|(?:το )?τελευταιο πλανο\b",
        ),
        (
            SectionKind.THEMES,
            # a word and the themes: "Claves y temas", "Ideen und Themen"
            r"(?:(?!(?:final|fin|ende|finale|einde|desenlace|desfecho|twist)\b)[^\W\d_]+"
            r" (?:y|e|et|und|en) )?"
            r"(?:th[èe]mes?|temas?|temes|temi|themen|thematik|thema['’]?s|teman|temaer|temat|temaet"
            r"|tematy|tematyka|motywy|темы|тема|главные темы|основные темы|temalar"
            r"|t[ée]mata|t[ée]my|hlavn[íi] t[ée]mata)\b"
            r"|(?:τα )?(?:κυρια )?(?:θεματα|θεματικη|θεματικεσ)\b"
            # "What does the film want to tell us?"
            r"|was will (?:uns )?(?:der film|\{film\}) (?:uns )?sagen\b"
            # "What the film means", as "What it all means" in English
            r"|was (?:der film|\{film\}) (?:wirklich |eigentlich )?bedeutet$"
            r"|was bedeutet (?:der film|\{film\})$"
            r"|(?:lo |o )?que significa (?:la pel[íi]cula|o filme|\{film\})$"
            r"|(?:ce )?que signifie (?:le film|\{film\})$|cosa significa (?:il film|\{film\})$"
            r"|que (?:nous )?(?:dit|veut dire) le film\b"
            # "Ce que le film veut dire", "Was der Film sagen will", "Lo que la película quiere
            # decir", "Cosa vuole dire il film": what the film means, in its other word order
            r"|(?:ce )?que le film (?:nous )?(?:dit|veut dire)$"
            r"|was (?:der film|\{film\}) (?:uns )?(?:sagen will|sagt)$"
            r"|lo que (?:la pel[íi]cula|\{film\}) (?:nos )?(?:dice|quiere decir)$"
            r"|cosa (?:vuole dire|ci dice|dice) (?:il film|\{film\})$"
            r"|qu[ée] nos (?:dice|quiere decir) la pel[íi]cula\b"
            # "Las claves de la película", "Les clés du film": the keys to the film, its ideas
            # (not "las claves del final", the keys to its ending)
            r"|(?:las |les |le |as )?(?:claves|cl[ée]s|chiavi|chaves)(?: (?:de|du|del|della|do)"
            r" (?:la |il )?(?:pel[íi]cula|film|filme|\{film\}))?$",
        ),
        (
            SectionKind.SYMBOLISM,
            r"(?:symbol(?:es?|isme|ik|e)|s[íi]mbol(?:os?|ismo|s)|simbol(?:i|o|ismo)"
            r"|motivos|symboliek|symbolen|symbolika|символы|символизм|символика"
            r"|semboller|sembolizm|simgeler|simbol(?:isme)?|symboly"
            r"|(?:ο |οι |τα )?(?:συμβολισμοσ|συμβολισμοι|συμβολα))\b",
        ),
        (
            SectionKind.ENDING,
            r"(?:(?:explication|analyse|sens) de la fin|la fin\b|fin du film|d[ée]nouement"
            r"|final(?:e)? (?:explicad[oa]|expliqu[ée]|spiegato|erkl[äa]rt)|el final\b"
            r"|explicaci[óo]n del final|c[óo]mo termina|il finale\b|o final\b|como termina"
            r"|ende\b|das ende|schluss\b|comment (?:se termine|finit)|que signifie la fin"
            # "Was bedeutet das Ende?", as "What does the ending mean?" in English
            r"|was bedeutet (?:das ende|der schluss)\b"
            # "how the film ends", "what really happened", "the twist" in these languages
            r"|c[óo]mo (?:termina|acaba) (?:la pel[íi]cula|el filme)\b|como (?:o filme )?termina\b"
            r"|qu[ée] (?:pas[óo]|ocurri[óo]) (?:realmente|de verdad)|lo que (?:realmente )?pas[óo]$"
            r"|o que (?:realmente )?aconteceu$|was wirklich (?:geschah|passiert(?: ist)?)$"
            r"|ce qui s'est (?:vraiment|r[ée]ellement) pass[ée]$|cosa (?:è )?successo davvero$"
            r"|(?:erste |zweite |gro[ßs]e |letzte )?wendung\b|aufl[öo]sung\b|(?:le )?rebondissement"
            r"|(?:el )?giro final\b|(?:la )?vuelta de tuerca\b|(?:a )?reviravolta\b"
            r"|(?:il )?colpo di scena\b"
            r"|einde\b|ontknoping\b|afloop\b"
            # Catalan ("how it ends"); Tagalog ("ang ending", "the end")
            r"|com acaba\b|ending\b(?! credits)|wakas\b|pagtatapos\b|katapusan\b"
            r"|slutet\b|slutningen\b|slutten\b|hur (?:den|filmen) slutar\b"
            r"|hvordan (?:den|filmen) slutter\b"
            r"|zako[ńn]czenie\b|jak (?:si[ęe] )?ko[ńn]czy\b|finał\b"
            # Russian: "the finale", "the ending", "the ending explained", "how it ends"
            r"|финал\b|концовка\b|развязка\b|объяснение (?:концовки|финала)\b"
            r"|смысл (?:концовки|финала)\b|чем (?:закончился|заканчивается)\b"
            # Turkish: "the finale explained", "the film's end"; Indonesian: "the ending explained"
            r"|final(?:in)? a[çc][ıi]klamas[ıi]\b|final(?:i)? a[çc][ıi]kland[ıi]\b"
            r"|(?:filmin )?sonu(?:nun anlam[ıi]| ne anlama geliyor| a[çc][ıi]kland[ıi])?\b"
            r"|penjelasan (?:ending|akhir(?: cerita| film)?)\b|akhir (?:cerita|film)\b"
            # Czech and Slovak: "the ending explained", "the end of the film", "how it ends"
            r"|vysv[ěe]tlen[íi] (?:konce|z[áa]v[ěe]ru)\b|vysvetlenie (?:konca|z[áa]veru)\b"
            r"|konec(?: filmu)?\b|koniec(?: filmu)?\b|z[áa]v[ěe]r(?: filmu)?\b"
            r"|jak (?:film |sn[íi]mek )?kon[čc][íi]\b|ako (?:film )?kon[čc][íi]\b"
            r"|rozuzlen[íi]\b|zvrat\b"
            # Greek: "the ending (explained)", "the finale", "the twist"
            r"|(?:το )?(?:τελοσ|φιναλε)(?: τησ ταινιασ| εξηγειται| εξηγηση)?(?!\w)"
            r"|(?:η )?εξηγηση του (?:τελουσ|φιναλε)\b|(?:η )?ανατροπη\b)",
        ),
    )
]

# The same in Ukrainian, Hebrew and Vietnamese, whose words take no Latin article: Hebrew joins
# "the" (ה) to its word ("הסוף", "the end"), Vietnamese writes a word as syllables ("cái kết").
# (Ukrainian's "і" and "ї" keep its names apart from the Russian ones above; Bulgarian's are its
# own words: "Накратко", "Краят, обяснен", "Последният кадър", "Често задавани въпроси".)
_NAMED_MORE: list[tuple[SectionKind, re.Pattern[str]]] = [
    (kind, re.compile(pattern))
    for kind, pattern in (
        (
            SectionKind.QUICK_ANSWER,
            r"(?:коротко|стисло|(?:коротка|стисла) відповідь|якщо коротко|у двох словах"
            r"|בקצרה|(?:ה)?תשובה (?:ה)?קצרה|בשורה אחת"
            r"|tóm lại|nói ngắn gọn|câu trả lời ngắn(?: gọn)?|tóm tắt nhanh"
            # Bulgarian
            r"|накратко|кратък отговор|с две думи|с няколко думи)(?!\w)",
        ),
        (
            SectionKind.FAQ,
            r"(?:(?:часті|поширені) (?:запитання|питання)"
            r"|(?:запитання|питання) (?:й|і|та) відповіді"
            r"|שאלות נפוצות|שאלות ותשובות"
            r"|(?:những )?câu hỏi thường gặp|hỏi (?:&|và) đáp"
            r"|често задавани въпроси|чести въпроси|въпроси и отговори)(?!\w)",
        ),
        (
            SectionKind.RECAP,
            r"(?:сюжет|про що (?:фільм|стрічка|історія)|короткий зміст"
            r"|(?:стислий |короткий )?переказ"
            r"|синопсис|що було (?:до|перед) фіналом"
            r"|(?:ה)?עלילה|(?:ה)?תקציר|על מה (?:ה)?סרט|(?:ה)?סיפור$"
            r"|tóm tắt|cốt truyện|nội dung (?:phim|bộ phim|\{film\})|(?:bộ )?phim (?:nói|kể) về gì"
            r"|какво се случва(?! (?:в края|накрая))|сюжетът|за какво е филмът|преразказ"
            r"|какво се случи преди края)"
            r"(?!\w)",
        ),
        (
            SectionKind.FINAL_SHOT,
            r"(?:(?:остання|фінальна) сцена|(?:останній|фінальний) кадр"
            r"|(?:ה)?סצנה (?:ה)?אחרונה|(?:ה)?סצנת (?:ה)?סיום|(?:ה)?שוט (?:ה)?אחרון"
            r"|(?:ה)?תמונה (?:ה)?אחרונה"
            r"|(?:phân )?cảnh (?:cuối(?: cùng)?|kết)"
            r"|(?:последн|финалн)(?:ият|ия|ата|ия) (?:кадър|сцена))(?!\w)",
        ),
        (
            SectionKind.THEMES,
            r"(?:(?:головні |основні )?теми|тема"
            r"|(?:ה)?נושאים|(?:ה)?תמות|(?:ה)?מסר"
            r"|chủ đề|thông điệp|ý nghĩa(?: của)? (?:bộ )?phim|ý nghĩa$"
            r"|темите|теми(?:те)? на филма|посланието(?: на филма)?"
            r"|какво иска да каже филмът)(?!\w)",
        ),
        (
            SectionKind.SYMBOLISM,
            r"(?:символи|символізм|символіка|(?:ה)?סמלים|(?:ה)?סמליות"
            r"|biểu tượng|(?:hình ảnh )?ẩn dụ|символите|символиката)(?!\w)",
        ),
        (
            SectionKind.ENDING,
            r"(?:фінал|пояснення (?:фіналу|кінцівки|кінця)|кінцівка|розв'язка"
            r"|сенс (?:фіналу|кінцівки)|чим (?:закінчується|завершується|закінчився)"
            r"|(?:ה)?סוף|(?:ה)?סיום|(?:ה)?טוויסט|(?:ה)?תפנית|איך (?:ה)?סרט (?:נגמר|מסתיים)"
            r"|giải thích (?:cái )?kết(?: thúc)?|cái kết|kết thúc|ý nghĩa (?:cái )?kết|kết phim"
            r"|cú (?:twist|lừa)"
            r"|краят(?:,? обяснен)?|финалът(?:,? обяснен)?|развръзката|как завършва"
            r"|обяснение на (?:края|финала)|какво се случва (?:в края|накрая))(?!\w)",
        ),
    )
]


# The same in Hungarian, Romanian, Arabic and Thai. Romanian's "ș"/"ț" are typed with a comma or
# a cedilla ("ş"/"ţ"), both read; Arabic joins "the" (ال) to its word; Thai writes no spaces
# between words, so a Thai name must stand alone on its heading.
_S = "[șş]"
_T = "[țţ]"
_NAMED_FURTHER: list[tuple[SectionKind, re.Pattern[str]]] = [
    (kind, re.compile(pattern))
    for kind, pattern in (
        (
            SectionKind.QUICK_ANSWER,
            r"(?:r[öo]viden|di[óo]h[ée]jban|r[öo]vid v[áa]lasz"
            r"|pe scurt|r[ăa]spunsul scurt|[îi]n c[âa]teva cuvinte"
            r"|باختصار|الإجابة المختصرة|الخلاصة"
            r"|สรุปสั้น ?ๆ\s*$|สรุปง่าย ?ๆ\s*$)(?!\w)",
        ),
        (
            SectionKind.FAQ,
            r"(?:gyakori k[ée]rd[ée]sek|gyakran ism[ée]telt k[ée]rd[ée]sek|gyik|k[ée]rd[ée]sek"
            r" [ée]s v[áa]laszok"
            rf"|[îi]ntreb[ăa]ri (?:frecvente|{_S}i r[ăa]spunsuri)"
            r"|(?:ال)?أسئلة (?:ال)?(?:شائعة|متكررة)|أسئلة وأجوبة"
            r"|คำถามที่พบบ่อย\s*$|ถาม ?- ?ตอบ\s*$)(?!\w)",
        ),
        (
            SectionKind.RECAP,
            r"(?:(?:az? )?(?:film )?cselekm[ée]nye?|mir[őo]l sz[óo]l(?: a film)?"
            r"|(?:a )?t[öo]rt[ée]net(?! v[ée]ge)"
            r"|(?:az? )?[öo]sszefoglal[óo]|(?:a )?tartalom"
            rf"|despre ce (?:e|este) filmul|rezumat(?:ul)?|pove{_S}tea(?: filmului)?"
            rf"|ac{_T}iunea filmului|subiectul filmului|intriga"
            r"|قصة الفيلم|(?:ال)?ملخص|ملخص (?:الفيلم|القصة)|أحداث الفيلم|(?:ال)?قصة$"
            r"|เรื่องย่อ\s*$|เนื้อเรื่อง(?:ย่อ)?\s*$|พล็อต(?:เรื่อง)?\s*$)(?!\w)",
        ),
        (
            SectionKind.FINAL_SHOT,
            r"(?:(?:az )?utols[óo] (?:jelenet|k[ée]p|snitt|be[áa]ll[íi]t[áa]s)|z[áa]r[óo]jelenet"
            r"|z[áa]r[óo]k[ée]p|ultima scen[ăa]|scena final[ăa]|ultimul cadru|cadrul final"
            r"|(?:ال)?مشهد (?:ال)?(?:أخير|ختامي)|(?:ال)?لقطة (?:ال)?أخيرة"
            r"|ฉากสุดท้าย\s*$|ฉากจบ\s*$|ช็อตสุดท้าย\s*$)(?!\w)",
        ),
        (
            SectionKind.THEMES,
            r"(?:(?:a film )?t[ée]m[áa]i?|t[ée]m[áa]k|(?:a film )?[üu]zenete"
            r"|teme(?:le)?(?: filmului)?|tema(?: filmului)?|mesajul filmului"
            r"|(?:ال)?(?:مواضيع|موضوعات|ثيمات)(?: الفيلم)?|رسالة الفيلم"
            r"|ประเด็น(?:ของ(?:หนัง|ภาพยนตร์|เรื่อง))?\s*$|ธีม(?:ของเรื่อง)?\s*$"
            r"|แก่นของเรื่อง\s*$)(?!\w)",
        ),
        (
            SectionKind.SYMBOLISM,
            r"(?:szimb[óo]lumok|szimbolika|jelk[ée]pek|simboluri(?:le)?|simbolism(?:ul)?"
            r"|رموز(?: الفيلم)?|(?:ال)?رموز|(?:ال)?رمزية"
            r"|สัญลักษณ์\s*$|สัญญะ\s*$)(?!\w)",
        ),
        (
            SectionKind.ENDING,
            r"(?:(?:a )?befejez[ée]s(?: magyar[áa]zata)?|(?:a )?(?:film|t[öo]rt[ée]net|sztori)"
            r" v[ée]ge|(?:a )?csattan[óo]"
            r"|(?:a )?fordulat|hogyan [ée]r v[ée]get"
            rf"|finalul(?: explicat| filmului)?|final(?:ul)? explicat|deznod[ăa]m[âa]nt(?:ul)?"
            rf"|cum se termin[ăa]|explica{_T}ia finalului|sf[âa]r{_S}itul(?: filmului)?"
            r"|(?:شرح|تفسير|معنى) (?:ال)?نهاية(?: الفيلم)?|(?:ال)?نهاية$|نهاية الفيلم"
            r"|كيف ينتهي الفيلم"
            r"|(?:อธิบาย|สปอยล์|วิเคราะห์)?ตอนจบ\s*$)(?!\w)",
        ),
    )
]


# The same in Japanese, Chinese, Korean and Hindi. Japanese and Chinese write no spaces, so each
# name takes its usual "…の解説"/"…解析"/"… 해석"/"… का मतलब" ("explained", "the meaning of")
# with it, and nothing else may follow (names_only); Devanagari's vowel signs are no \w, so a
# name ends where a space or punctuation does, never at \b.
_JA = r"(?:の?(?:解説|考察|意味|解釈|説明|ネタバレ)(?:と(?:解説|考察))?)?"
_ZH = r"(?:解析|解读|解讀|分析|解释|解釋|含义|含義|的含义|的含義)?"
_KO = r"(?:\s?(?:의 의미|해석|설명|분석|정리))?"
_HI = r"(?:\s(?:का|की|के) (?:मतलब|अर्थ|विश्लेषण)|\sक्या है|\sसमझिए)?"
_HI_END = r"(?![^\s:?।,.!])"
_NAMED_ASIAN: list[tuple[SectionKind, re.Pattern[str]]] = [
    (kind, re.compile(pattern + r"\s*$"))
    for kind, pattern in (
        (
            SectionKind.QUICK_ANSWER,
            r"(?:結論から(?:言うと)?|ひとことで(?:言うと)?|[3三]行で(?:まとめると)?"
            r"|简而言之|簡而言之|一句话总结|一句話總結|한 ?줄 요약|[3세] ?줄 요약|간단히 말해"
            r"|(?:संक्षेप|सार) में|एक लाइन में)",
        ),
        (
            SectionKind.FAQ,
            rf"(?:よくある(?:質問|疑問)|常见问题|常見問題|자주 (?:묻는|하는) 질문"
            rf"|अक्सर पूछे जाने वाले (?:सवाल|प्रश्न)|सवाल(?:-| और )जवाब){_HI_END}",
        ),
        (
            SectionKind.RECAP,
            rf"(?:(?:ネタバレなしの|前半の)?あらすじ|粗筋|ストーリー|(?:作品|映画|物語)の?(?:概要|流れ)"
            rf"|剧情(?:简介|梗概|介绍|回顾)?|劇情(?:簡介|梗概|介紹|回顧)?|故事梗概"
            # a Zhihu answer asks its parts: "故事讲了什么" ("what the story tells")
            rf"|(?:这个)?(?:故事|电影|影片|這個故事|電影)(?:讲|講)了(?:一个)?什么(?:故事)?"
            rf"|(?:결말 (?:전|이전)(?:까지)?(?:의)? ?)?줄거리|시놉시스"
            rf"|(?:(?:फिल्म|फ़िल्म) की )?कहानी(?: का सार)?{_HI_END}{_HI}"
            rf"|प्लॉट{_HI_END}|सारांश{_HI_END})",
        ),
        (
            SectionKind.FINAL_SHOT,
            rf"(?:(?:ラスト|最後の)(?:シーン|ショット|カット){_JA}"
            rf"|最后(?:一幕|的镜头|一个镜头|的画面){_ZH}|最後(?:一幕|的鏡頭|一個鏡頭|的畫面){_ZH}"
            rf"|마지막 (?:장면|씬|신|컷|쇼트){_KO}|(?:라스트|엔딩) ?(?:씬|신|장면){_KO}"
            rf"|(?:आखिरी|आख़िरी|अंतिम) (?:सीन|दृश्य|शॉट){_HI_END}{_HI})",
        ),
        (
            SectionKind.THEMES,
            rf"(?:(?:この映画の)?(?:テーマ(?!曲|ソング)|主題(?!歌)){_JA}"
            rf"|(?:几个|幾個|主要|核心|影片的|电影的|電影的)?(?:主题(?!曲)|主題(?!曲))"
            rf"|(?:영화의 )?(?:주제(?!곡)(?:의식)?|테마(?!곡)){_KO}"
            rf"|(?:(?:फिल्म|फ़िल्म) की )?(?:थीम|विषय){_HI_END})",
        ),
        (
            SectionKind.SYMBOLISM,
            rf"(?:(?:象徴|モチーフ|メタファー){_JA}|(?:几个|幾個|一些|片中的|主要)?(?:象征|象徵|隐喻|隱喻)"
            rf"|(?:상징|은유|메타포){_KO}|(?:प्रतीक|सिंबल){_HI_END})",
        ),
        (
            SectionKind.ENDING,
            rf"(?:(?:結末|ラスト|オチ|エンディング){_JA}|ネタバレ(?:解説|考察)"
            rf"|(?:大)?(?:结局|結局|结尾|結尾){_ZH}"
            # "结局到底发生了什么" ("what really happens at the end"), "结局怎么理解"
            rf"|(?:结局|結局)(?:到底|究竟)?(?:发生了什么|發生了什麼|是什么意思|怎么理解|怎麼理解)"
            rf"|(?:결말|엔딩|반전){_KO}"
            rf"|(?:(?:फिल्म|फ़िल्म) का )?(?:क्लाइमैक्स|अंत|एंडिंग|ट्विस्ट){_HI_END}{_HI})",
        ),
    )
]


# The same in Finnish, Persian and Tamil. Persian joins a word's parts with a zero-width
# non-joiner ("پرسش‌های", typed also with a space or nothing); Tamil's vowel signs are no \w, so
# a Tamil name ends where a space or punctuation does (_TA_END), never at \b.
_ZW = "[\u200c ]?"
_TA_END = r"(?![^\s:?,.!])"
_NAMED_OTHER: list[tuple[SectionKind, re.Pattern[str]]] = [
    (kind, re.compile(pattern))
    for kind, pattern in (
        (
            SectionKind.QUICK_ANSWER,
            r"(?:lyhyesti$|lyhyt vastaus\b|tiivistettynä$"
            rf"|به طور خلاصه|خلاصه{_ZW}ی کلام|پاسخ کوتاه|در یک جمله"
            rf"|சுருக்கமாக{_TA_END})",
        ),
        (
            SectionKind.FAQ,
            r"(?:usein kysyt(?:yt|tyjä) kysymykset|usein kysyttyä|ukk$"
            r"|kysymyksiä ja vastauksia"
            rf"|(?:پرسش|سوال|سؤال){_ZW}(?:های|ات) (?:متداول|رایج|پرتکرار)|پرسش و پاسخ"
            rf"|அடிக்கடி கேட்கப்படும் கேள்விகள்{_TA_END}|கேள்வி(?:-| )பதில்{_TA_END})",
        ),
        (
            SectionKind.RECAP,
            r"(?:juoni(?: lyhyesti)?\b|juonitiivistelmä\b|tiivistelmä\b|juonen kulku\b"
            r"|mistä (?:elokuva|\{film\}) kertoo\b|tarina$"
            rf"|خلاصه{_ZW}ی? ?(?:داستان|فیلم)|داستان فیلم|(?:خلاصه|داستان)$|فیلم درباره چیست"
            rf"|கதை(?:ச்)? ?சுருக்கம்{_TA_END}|(?:படத்தின் )?கதை{_TA_END}$|கதைக்களம்{_TA_END})",
        ),
        (
            SectionKind.FINAL_SHOT,
            r"(?:viimeinen (?:kohtaus|otos|kuva)\b|loppukohtaus\b|päätöskohtaus\b"
            r"|(?:سکانس|صحنه|نمای|پلان) (?:پایانی|آخر|نهایی)"
            rf"|(?:கடைசி|இறுதி)(?:க்)? ?காட்சி{_TA_END})",
        ),
        (
            SectionKind.THEMES,
            r"(?:(?:elokuvan )?teemat?\b"
            rf"|مضامین|مضمون|درون{_ZW}مایه|پیام فیلم|تم{_ZW}های فیلم"
            rf"|(?:படத்தின் )?(?:கருப்பொருள்(?:கள்)?|மையக்கரு){_TA_END})",
        ),
        (
            SectionKind.SYMBOLISM,
            r"(?:symbolit\b|symboliikka\b|vertauskuvat\b"
            rf"|نماد{_ZW}(?:ها|شناسی)|نمادها"
            rf"|குறியீடு(?:கள்)?{_TA_END})",
        ),
        (
            SectionKind.ENDING,
            r"(?:(?:lopun|loppuratkaisun) (?:selitys|merkitys)\b|loppu selitettynä\b"
            r"|(?:elokuvan )?loppu$|loppuratkaisu\b|miten (?:elokuva|\{film\}) päättyy\b"
            r"|(?:juonen)?käänne\b"
            rf"|(?:توضیح|تفسیر|معنی|معنای) پایان(?:{_ZW}بندی)?|پایان{_ZW}بندی|پایان فیلم|پایان$"
            rf"|(?:படத்தின் )?(?:(?:க்)?க(?:ி|்)ளைமாக்ஸ்|முடிவு|ட்விஸ்ட்)(?: விளக்கம்)?{_TA_END})",
        ),
    )
]


# The same in Bosnian, Croatian and Serbian (Latin and Cyrillic), Icelandic, and Russian's "what
# the film is about". Bosnian writes "šta", Croatian "što"; Serbian Latin "poslednja" where the
# others write "posljednja".
_NAMED_BCS_IS: list[tuple[SectionKind, re.Pattern[str]]] = [
    (kind, re.compile(pattern))
    for kind, pattern in (
        (
            SectionKind.QUICK_ANSWER,
            r"(?:ukratko|kratak odgovor|u kratkim crtama|укратко|кратак одговор"
            r"|í stuttu máli|stutta svarið)(?!\w)",
        ),
        (
            SectionKind.FAQ,
            r"(?:[čc]esta pitanja|[čc]esto postavljana pitanja|pitanja i odgovori|честа питања"
            r"|питања и одговори|често постављана питања|algengar spurningar|spurningar og svör)"
            r"(?!\w)",
        ),
        (
            SectionKind.RECAP,
            r"(?:(?:kratak )?sadr[žz]aj(?: filma)?|radnja(?: filma)?|sinopsis|pri[čc]a$"
            r"|(?:кратак )?садржај(?: филма)?|радња(?: филма)?|синопсис"
            r"|söguþráður(?:inn)?|ágrip|samantekt|sagan$"
            # "What happens (in the film)": Serbian "Шта се дешава у филму", Croatian "Što se
            # događa"; what happens at the end ("на крају") is the ending
            r"|(?:[šs]ta|[šs]to) se (?:de[šs]ava|doga[đd]a)(?: u filmu)?$"
            r"|(?:шта|што) се (?:дешава|догађа)(?: у филму)?$)(?!\w)",
        ),
        (
            SectionKind.FINAL_SHOT,
            r"(?:(?:posljednja|poslednja|zadnja|zavr[šs]na) (?:scena|slika|kadar)"
            r"|(?:последња|завршна) (?:сцена|слика)|последњи кадар"
            r"|lokaatriði(?:ð)?|síðasta (?:atriði(?:ð)?|skot(?:ið)?)|lokaskot(?:ið)?)(?!\w)",
        ),
        (
            SectionKind.THEMES,
            r"(?:teme(?: filma)?|tema filma|poruka filma|(?:[šs]ta|[šs]to) (?:film|\{film\})"
            r" (?:[žz]eli|ho[ćc]e) (?:re[ćc]i|da ka[žz]e)|теме(?: филма)?|порука филма"
            r"|(?:o [čc]emu (?:govori|je) (?:film|pri[čc]a)|о чему (?:говори|је) филм)$"
            r"|þem(?:a|u)(?: myndarinnar)?|boðskapur(?:inn)?(?: myndarinnar)?"
            r"|um hvað fjallar (?:myndin|kvikmyndin|\{film\})$"
            r"|о ч[её]м (?:этот |сам )?(?:фильм|картина|\{film\})$)(?!\w)",
        ),
        (
            SectionKind.SYMBOLISM,
            r"(?:simboli(?:ka|zam)?|симболи(?:ка|зам)?|tákn(?:in|fræði)?|táknmál(?:ið)?)(?!\w)",
        ),
        (
            SectionKind.ENDING,
            r"(?:kraj(?: filma)?(?: obja[šs]njen)?|obja[šs]njenje kraja|zavr[šs]etak"
            r"|kako se (?:film )?zavr[šs]ava|rasplet|preokret|крај(?: филма)?|објашњење краја"
            r"|како се (?:филм )?завршава|расплет|endir(?:inn)?(?: útskýrður)?|lok myndarinnar"
            r"|(?:[šs]ta|[šs]to) se (?:de[šs]ava|doga[đd]a) na kraju|(?:шта|што) се (?:дешава"
            r"|догађа) на крају"
            r"|hvernig (?:myndin )?endar)(?!\w)",
        ),
    )
]

# "What it's about", "What is the film about?", "О чём этот фильм": before the ending is told,
# the story it tells; after it, what the film means (its themes).
_ABOUT = re.compile(
    r"(?:what (?:it|(?:the )?(?:film|movie|story)|\{film\})(?:'s| is) about"
    r"|what is (?:it|(?:the )?(?:film|movie|story)|\{film\}) about"
    r"|o [čc]emu (?:govori|je) (?:film|pri[čc]a)|о чему (?:говори|је) филм"
    r"|um hvað fjallar (?:myndin|kvikmyndin|\{film\})"
    r"|о ч[её]м (?:этот |сам )?(?:фильм|картина|\{film\}))$"
)


def asks_what_it_is_about(heading: str, film: str) -> bool:
    """Whether a heading only asks what the film is about: its story or its themes, by where
    it stands (``named_kind`` calls the label themes, and the question none)."""
    return _ABOUT.match(normalise_heading(heading, film)) is not None


_GREEK = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")
_GREEK_ACCENTS = re.compile(r"(?<=[\u0370-\u03ff])[\u0301\u0308\u0342\u0313\u0314]+")


def normalise_heading(heading: str, film: str) -> str:
    """Lower case, the film's title as ``{film}``, no numbering or trailing punctuation."""
    # Turkish "İ" lowers to "i" and a combining dot: the name is read without the dot. A spoiler
    # label ("(spoilers)", "（ネタバレ）") is no part of the name.
    text = label_off(heading).lower().replace("’", "'").replace("\u0307", "")
    # Greek capitals are written without their accents ("ΤΟ ΤΕΛΟΣ" for "Το τέλος"), so a Greek
    # name is read without them, and with one sigma.
    if _GREEK.search(text):
        text = _GREEK_ACCENTS.sub("", unicodedata.normalize("NFD", text)).replace("ς", "σ")
        text = unicodedata.normalize("NFC", text)
    if film:
        text = text.replace(film.lower(), "{film}")
    text = re.sub(r"^(?:\d+[.):]\s*|part \w+:\s*|[-–—•●■□◆◇▶▷►★☆◎○▼▽]\s*)", "", text)
    # Chinese and Japanese numbering: "一、", "（二）", "第三部分：", "4、"
    text = re.sub(
        r"^(?:[一二三四五六七八九十\d]{1,3}[、．]|[（(][一二三四五六七八九十\d]{1,3}[）)]"
        r"|第[一二三四五六七八九十\d]{1,3}(?:部分|节|節|章|点|點)?[：:、]?)\s*",
        "",
        text,
    )
    # Quotation marks around the title ("What is 'Moon' about?") are no part of the wording.
    text = re.sub(r"[\"'‘“«„]\s?(?=\{film\})", "", text)
    text = re.sub(r"(?<=\{film\})\s?[\"'’”»“](?!s\b)", "", text)
    # "And the very last shot?", "First, the setup: …": a conversational opener names nothing.
    text = re.sub(
        r"^(?:and|but)\s+|^(?:first|then|next|finally|now|so|ok(?:ay)?|well)(?:,|…|\.\.\.)\s*",
        "",
        text,
    )
    # "Breaking down that final scene", "Unpacking the ending": an editor's verb, then the name.
    text = re.sub(
        r"^(?:breaking down|unpacking|decoding|understanding|explaining|a closer look at)\s+"
        r"(?=(?:the|that|this|its|{film}'s)\s)",
        "",
        text,
    )
    # (Korean may say "the film" first and puts its possessive after: "영화 마더 줄거리",
    # "마더의 결말")
    text = re.sub(r"^(?:영화\s*)?\{film\}(?:'s|의)?:?\s*", "", text)
    # "What happens, briefly", "The plot (in brief)": how long it is told, not what it is.
    text = re.sub(
        r"\s*(?:,\s*|\(\s*)(?:briefly|in brief|in short|quickly|in a nutshell|very briefly"
        r"|en bref|en resumen|brevemente|in breve|kurz gesagt|in k[üu]rze)\s*\)?$",
        "",
        text,
    )
    return text.strip(" ?!.:\"'“”¿¡«»")


# What may follow a section's name and still name only the section: "explained", "in {film}",
# "worth noticing". A verb or a second clause says something happened: a detail, maybe the twist.
_FILLER = re.compile(r"\b(?:explained|(?:in|of|from|behind) \{film\}|\{film\})\b|[,()]")
_DETAIL = re.compile(
    r"[?!.;:]|\s[–—-]\s|\b(?:is|was|are|were|isn['’]t|wasn['’]t|has|had|have|does|did"
    r"|dies|died|kills|killed|lives|becomes|became|turns|never|all along|really|actually)\b",
    re.I,
)
_MAX_NAME_TAIL_WORDS = 4
# What may follow a section's name in a heading that says nothing more ("The ending of {film},
# fully explained", "Themes and what they mean"). Any other word may be a detail ("The ending
# (Mia leaves Seb)", "Ending explained / Seb alone"): such a heading is not a name only, and is
# treated as revealing as its section.
_NAME_TAIL_TEXT = """
    the a an and of in on for to at its it it's what they mean means meaning meanings how why
    explained explanation explainer explaining analysis analysed analyzed breakdown deep dive
    closer look guide full fully detail details detailed short quick brief simple version
    spoiler spoilers warning ahead major heavy film movie story plot ending end final scene
    shot themes theme symbolism symbols recap recapped summary questions answered answers faq
    key main big ideas notes more other interpretation interpretations theory theories
    everything you need know about really actually 's {film} {film}'s worth noticing
    noting notice spotting watching look out
    de la le les l' du des del el los las lo di il gli da der das den und et y e o
    film filme película pelicula explicado explicada explicación expliqué expliquée expliquee
    explique explication analyse análisis analisis analisi análise spiegato spiegata erklärt
    erklart explicação explicacao filmu wyjaśnione wyjaśnienie wyjaśniamy
    фильм фильма фильме объяснение объяснен разбор и в
    vysvětlení vysvětlen vysvetlenie filmu snímku
    εξηγειται εξηγηση τησ του ταινιασ
    фільму стрічки пояснення фіналу
    מוסבר מוסברת הסבר של הסרט
    phim bộ của cái kết giải thích
    elokuvan elokuva selitettynä selitys lyhyesti
    فیلم توضیح
    படத்தின் விளக்கம்
"""
_NAME_TAIL_WORDS = frozenset(_NAME_TAIL_TEXT.split())
_YEAR = re.compile(r"(?:18|19|20)\d\d")


def names_only(heading: str, film: str) -> bool:
    """Whether a heading that names a section says nothing more: "The ending, explained", "The
    Themes of The Village", not "What happens at the end? Teddy is Andrew" nor "The ending (Mia
    leaves Seb)": every word after the name must be one that names nothing
    (``_NAME_TAIL_WORDS``), so a separator or a word not known to be empty makes it more."""
    text = normalise_heading(heading, film)
    match = next(filter(None, (pattern.match(text) for _, pattern in _all_named())), None)
    if match is None:
        return False
    rest = _FILLER.sub(" ", text[match.end() :])
    words = rest.split()
    return (
        len(words) <= _MAX_NAME_TAIL_WORDS
        and not _DETAIL.search(rest)
        and all(word in _NAME_TAIL_WORDS or _YEAR.fullmatch(word) for word in words)
    )


def named_kind(heading: str, film: str) -> SectionKind | None:
    """The kind a heading names outright ("Themes", "The ending explained"), if any."""
    text = normalise_heading(heading, film)
    kind = next((kind for kind, pattern in _all_named() if pattern.match(text)), None)
    lead_in, colon, name = text.partition(": ")
    # "Before the list: what happens", "Quick refresher: the plot": a lead-in, then the
    # section's name. A lead-in that says something happened may be the twist: no name.
    if (
        kind is None
        and colon
        and len(lead_in.split()) <= _MAX_LEAD_IN_WORDS
        and not _DETAIL.search(lead_in)
    ):
        kind = next((k for k, pattern in _all_named() if pattern.fullmatch(name)), None)
    glossed = _GLOSS.match(text) if kind is None else None
    # (only words that tell nothing: "Tobias drowned (plot)" tells the twist, and its gloss
    # may not file it under a lower level)
    if glossed and all(
        word in _NAME_TAIL_WORDS or word in _GLOSSED_WORDS for word in glossed["words"].split()
    ):
        # "WHAT IT MEANS (themes)", "Where it leaves us (the ending)": the words in brackets
        # name the part the heading's own words only hint at.
        kind = next((k for k, pattern in _all_named() if pattern.fullmatch(glossed["name"])), None)
    if kind is None and text.startswith("on "):
        # an interview's topics: "On the ending", "On the last shot" name their part
        kind = next((k for k, pattern in _all_named() if pattern.fullmatch(text[3:])), None)
    return kind


# Words before a gloss that say nothing of the story ("Where it leaves us (the ending)").
_GLOSSED_WORDS = frozenset(
    ["where", "why", "so", "now", "this", "that", "all", "leaves", "left", "us", "we", "you"]
)
# A heading's gloss in brackets at its end: "What it means (themes)".
_GLOSS = re.compile(r"^(?P<words>[^()]+?)\s*\((?P<name>[^()]{2,30})\)$")


_MAX_LEAD_IN_WORDS = 4


def _all_named() -> list[tuple[SectionKind, re.Pattern[str]]]:
    return [
        *_NAMED,
        *_NAMED_ABROAD,
        *_NAMED_MORE,
        *_NAMED_FURTHER,
        *_NAMED_ASIAN,
        *_NAMED_OTHER,
        *_NAMED_BCS_IS,
    ]


# Words that say what a passage is about, for headings that name no section ("Is Cobb still
# dreaming?") and for orphan paragraphs. Heading words count three times as much as body words.
_CONTENT_WORDS: list[tuple[SectionKind, re.Pattern[str]]] = [
    (kind, re.compile(pattern, re.I))
    for kind, pattern in (
        (
            SectionKind.FINAL_SHOT,
            r"\b(?:final|last|closing) (?:shot|scene|image|frame|moments?|seconds)\b"
            r"|\bcuts? to black\b|\bsmash cut\b"
            # what plays over the credits is the film's last image
            r"|\b(?:over|through|during|for) the (?:whole of the |entire )?(?:end |closing )?"
            r"credits\b"
            r"|\bas the (?:end )?credits roll\b",
        ),
        (
            SectionKind.ENDING,
            r"\bend(?:s|ed|ing)?\b|\bend up\b|\bepilogue\b|\btwist\b|\breveal(?:s|ed)?\b"
            r"|\b(?:dies|died|death|dead|alive|killed)\b|\byears later\b|\breunion\b|\bclimax\b"
            r"|\bfinale\b|\bturns out\b|\breally happen",
        ),
        (
            SectionKind.SYMBOLISM,
            r"\bsymbol\w*|\brepresent\w*|\bmotif\w*|\bmetaphor\w*|\bstands? for\b|\btotem\w*"
            r"|\bimagery\b"
            r"|\bwhat (?:does|do|did) (?:the |his |her |their )?(?!ending\b)[\w' -]+ mean\b",
        ),
        (
            SectionKind.THEMES,
            r"\btheme\w*|\bthematic\w*|\breally about\b|\bexplores?\b|\bmessage\b|\bmoral\b",
        ),
        (SectionKind.RECAP, r"\bwhat happens in\b|\brecap\b|\bplot\b|\bstory so far\b"),
    )
]


def kind_from_content(heading: str | None, body: str) -> SectionKind | None:
    """The kind a passage is most about, or None when nothing in it says."""
    scores: dict[SectionKind, int] = {}
    for kind, pattern in _CONTENT_WORDS:
        score = 3 * len(pattern.findall(heading or "")) + min(len(pattern.findall(body)), 3)
        if score:
            scores[kind] = score
    if not scores:
        return None
    # Ties go to the earlier, more specific kind in _CONTENT_WORDS (final shot before ending).
    order = [kind for kind, _ in _CONTENT_WORDS]
    return max(scores, key=lambda kind: (scores[kind], -order.index(kind)))
