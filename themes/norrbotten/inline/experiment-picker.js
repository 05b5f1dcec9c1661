(function(){try{var x=JSON.parse(document.getElementById("ab-plan").textContent),d=document.documentElement,h=location.hash,k,m,s,c,a;function g(o,n){try{return window[o].getItem(n)}catch(e){return null}}
if(m=/nb-preview=([a-f])/i.exec(h))k=m[1].toLowerCase();else if(m=/nb-session=[\w-]+\.(\d*)\.([a-f]?)/i.exec(h))k=m[1]==x.id&&m[2].toLowerCase();
else if(s=JSON.parse(g("sessionStorage","nb-session")||"null"))k=s.x==x.id&&s.v;
else if((c=g("localStorage","nb-consent"))=="no")k="a";
else if(c=="yes"&&(a=JSON.parse(g("localStorage","nb-ab")||"{}")[x.id]))k=a.v;
else for(var r=Math.random()*100,i=0,t=0;i<x.v.length&&!k;i++)if(r<(t+=x.w[i]))k=x.v[i];
k=x.v.indexOf(k)<0?"a":k;d.setAttribute("data-ab",k);if(x.t&&x.t[k])document.title=x.t[k]}catch(e){}})();
